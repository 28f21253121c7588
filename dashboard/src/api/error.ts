/**
 * A failed call: the server's `{code, message}` with the HTTP status, or `unavailable` (status 0)
 * when the server could not be reached.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** The server's error code (`not_found`, `failed_precondition`, ...). */
  readonly code: string;

  constructor(status: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.code = code;
  }

  get isNotFound(): boolean {
    return this.code === 'not_found' || this.status === 404;
  }

  /** No key, a wrong one, or a session that ended (server restart, expiry): sign in again. */
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  /** The key is known but lacks the role the call needs. */
  get isPermissionDenied(): boolean {
    return this.status === 403;
  }
}

/** Any thrown value as text for a person. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** An aborted request (the page moved on); not an error to show. */
export function isAbort(error: unknown): boolean {
  return (
    (error instanceof DOMException || error instanceof Error) && error.name === 'AbortError'
  );
}
