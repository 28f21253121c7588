// Formatting for people: durations, relative and absolute times, sizes, numbers.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `850 ms`, `4.2 s`, `3 m 12 s`, `2 h 5 m`, `3 d 4 h`. Negative durations read as zero. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const t = Math.max(0, ms);
  if (t < SECOND) return `${Math.round(t)} ms`;
  if (t < 10 * SECOND) return `${(Math.floor(t / 100) / 10).toFixed(1)} s`;
  if (t < MINUTE) return `${Math.floor(t / SECOND)} s`;
  if (t < HOUR) {
    const m = Math.floor(t / MINUTE);
    const s = Math.floor((t % MINUTE) / SECOND);
    return s ? `${m} m ${s} s` : `${m} m`;
  }
  if (t < DAY) {
    const h = Math.floor(t / HOUR);
    const m = Math.floor((t % HOUR) / MINUTE);
    return m ? `${h} h ${m} m` : `${h} h`;
  }
  const d = Math.floor(t / DAY);
  const h = Math.floor((t % DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** A duration or `—` when unknown. */
export function formatOptionalDuration(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : formatDuration(ms);
}

/** `just now`, `12 s ago`, `3 m ago`, `in 5 m`, ... relative to `now`. */
export function formatRelative(at: number, now: number): string {
  const delta = now - at;
  const abs = Math.abs(delta);
  if (abs < 2 * SECOND) return 'just now';
  let text: string;
  if (abs < MINUTE) text = `${Math.floor(abs / SECOND)} s`;
  else if (abs < HOUR) text = `${Math.floor(abs / MINUTE)} m`;
  else if (abs < DAY) text = `${Math.floor(abs / HOUR)} h`;
  else text = `${Math.floor(abs / DAY)} d`;
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local date and time, `2025-03-04 17:05:09`: sortable and the same in every locale. */
export function formatDateTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** Local time of day with milliseconds, `17:05:09.120`, for timeline rows. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The ISO form, for `<time dateTime>`. */
export function isoOf(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** An RFC 3339 time (workspace records) in ms, or null. */
export function parseTime(text: string | null | undefined): number | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `0 B`, `812 B`, `1.5 KiB`, `20 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  const text = value < 10 ? value.toFixed(1) : Math.round(value).toString();
  return `${text.replace(/\.0$/, '')} ${UNITS[unit] ?? ''}`;
}

/** `1,234,567` (grouping with commas in every locale). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  const [int = '0', frac] = Math.abs(n).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac ? `.${frac}` : '');
}

/** How long a run has taken: closed − created, or now − created while it runs. */
export function runDuration(run: { createdAt: number; closedAt: number | null }, now: number): number {
  return (run.closedAt ?? now) - run.createdAt;
}

/** Words for a wait kind: `retry-backoff` reads `retry backoff`. */
export function waitLabel(kind: string): string {
  return kind.replace(/-/g, ' ');
}

/** Middle-truncates long ids for narrow cells; the full id stays in `title`. */
export function shortId(id: string, max = 28): string {
  if (id.length <= max) return id;
  const keep = Math.floor((max - 1) / 2);
  return `${id.slice(0, keep)}…${id.slice(id.length - keep)}`;
}
