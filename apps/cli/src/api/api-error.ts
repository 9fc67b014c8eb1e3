/** Problem details of a failed request, or a network failure when `status` is 0. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly detail: string | undefined,
    readonly body: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  /** Whether the request may succeed when sent again unchanged. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 502;
  }

  /** Whether the failure concerns the whole run (credentials, server) rather than one file. */
  get fatal(): boolean {
    return this.status === 0 || this.status === 401 || this.status === 403 || this.status >= 500;
  }
}
