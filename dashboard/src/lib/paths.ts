// The dashboard's own URLs, built in one place.

export function runPath(id: string): string {
  return `/runs/${encodeURIComponent(id)}`;
}

export function sessionPath(sessionId: string, params: Record<string, string> = {}): string {
  const search = new URLSearchParams(params).toString();
  return `/sessions/${encodeURIComponent(sessionId)}${search ? `?${search}` : ''}`;
}

export function schedulePath(id: string): string {
  return `/schedules/${encodeURIComponent(id)}`;
}
