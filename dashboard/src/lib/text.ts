// File contents as text: UTF-8 without NUL bytes is text; anything else is binary and is never
// shown byte by byte.

/** How much of a file the first NUL byte is looked for in (as git does). */
const SNIFF_BYTES = 8000;

/** The bytes as text, or null when they are binary. */
export function decodeText(bytes: Uint8Array, { truncated = false } = {}): string | null {
  const sniff = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < sniff; i += 1) if (bytes[i] === 0) return null;
  try {
    // A read cut short may end inside a character: let only that last one be replaced.
    return new TextDecoder('utf-8', { fatal: !truncated }).decode(bytes);
  } catch {
    return null;
  }
}

/** A text's lines; a final newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
