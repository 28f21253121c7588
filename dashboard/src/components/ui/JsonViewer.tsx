import { prettyJson } from '../../lib/json';
import './Code.css';

/**
 * A JSON value pretty-printed as text (never as HTML): a `<pre>` that scrolls and can be
 * focused to scroll with the keyboard.
 */
export function JsonViewer({ value, label, testId }: { value: unknown; label: string; testId?: string }) {
  const text = typeof value === 'string' ? value : prettyJson(value);
  return (
    <pre className="json-view" tabIndex={0} aria-label={label} data-testid={testId}>
      {text}
    </pre>
  );
}
