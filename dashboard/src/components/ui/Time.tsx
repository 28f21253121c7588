import { useNow } from '../../hooks/useNow';
import { formatDateTime, formatDuration, formatRelative, isoOf } from '../../lib/format';

/** "3 m ago", ticking; the exact time in `title` and `dateTime`. */
export function RelativeTime({ at, prefix }: { at: number; prefix?: string }) {
  const now = useNow();
  return (
    <time dateTime={isoOf(at)} title={formatDateTime(at)}>
      {prefix ? `${prefix} ` : ''}
      {formatRelative(at, now)}
    </time>
  );
}

/** An absolute local time. */
export function DateTime({ at }: { at: number }) {
  return <time dateTime={isoOf(at)}>{formatDateTime(at)}</time>;
}

/** How long from `from` to `to`, or to now (ticking) while `to` is null. */
export function Duration({ from, to }: { from: number; to: number | null }) {
  return to === null ? <LiveDuration from={from} /> : <span>{formatDuration(to - from)}</span>;
}

function LiveDuration({ from }: { from: number }) {
  const now = useNow();
  return <span>{formatDuration(now - from)}</span>;
}
