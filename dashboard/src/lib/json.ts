// JSON as the dashboard shows and accepts it: payloads decoded from the history's text, pretty
// printing, and validation of what a person types before anything is sent.

import type { Json, Payload } from '../api/types';

/**
 * A history payload (the JSON text the workflow sent) as a value: parsed when it is JSON, the
 * text itself otherwise; bytes that are not UTF-8 read as a note of their length.
 */
export function payloadValue(payload: Payload | null | undefined): unknown {
  if (payload === null || payload === undefined) return null;
  if (Array.isArray(payload)) return `<${payload.length} bytes, not UTF-8>`;
  if (payload === '') return '';
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
}

/** Two-space indented JSON; `undefined` reads as `null`, text that is not JSON as itself. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return 'null';
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return '<not serialisable>';
  }
}

export type JsonInput =
  | { ok: true; value: Json | undefined }
  | { ok: false; error: string };

/**
 * What a person typed as JSON. Empty text is `undefined` when `optional` (nothing to send) and
 * an error otherwise; the error names the position the parser stopped at.
 */
export function parseJsonInput(text: string, { optional = false } = {}): JsonInput {
  if (text.trim() === '') {
    return optional ? { ok: true, value: undefined } : { ok: false, error: 'Enter a JSON value (for example null, 42 or {"ok": true}).' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `Not valid JSON: ${detail}` };
  }
}
