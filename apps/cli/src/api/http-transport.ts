import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from './api-error.js';

/** Maximum time in ms for one request and its whole body, except streamed downloads. */
const REQUEST_TIMEOUT_MS = 5 * 60 * 1000;
/** Delays in ms before the second and third attempt of a retryable request. */
const RETRY_DELAYS_MS = [500, 2000];

export interface RequestOptions {
  readonly json?: unknown;
  readonly body?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  /** Statuses that count as success besides 2xx, such as 404 for a lookup. */
  readonly accept?: readonly number[];
  /** Whether the body is streamed, which lifts the request timeout. */
  readonly stream?: boolean;
  /** Whether the request may be sent again after a network error or a 429 or 5xx status. */
  readonly idempotent?: boolean;
}

/** Sends authenticated requests under `/api/v1` and turns failures into ApiError. */
export class HttpTransport {
  readonly apiUrl: string;

  constructor(
    serverUrl: string,
    private readonly token: string,
    private readonly signal?: AbortSignal,
  ) {
    this.apiUrl = `${serverUrl.replace(/\/+$/u, '').replace(/\/api\/v1$/u, '')}/api/v1`;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const attempts = options.idempotent ? RETRY_DELAYS_MS.length + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      this.signal?.throwIfAborted();
      try {
        return await this.send(method, path, options);
      } catch (error) {
        const retry = error instanceof ApiError && error.retryable && attempt < attempts;
        if (!retry) throw error;
        await sleep(RETRY_DELAYS_MS[attempt - 1], undefined, { signal: this.signal }).catch(() =>
          this.signal?.throwIfAborted(),
        );
      }
    }
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json, application/octet-stream',
      ...options.headers,
    };
    let body: Uint8Array | string | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (body !== undefined) {
      headers['content-type'] = 'application/octet-stream';
    }
    const signal = this.requestSignal(options.stream === true);
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}${path}`, { method, headers, body, signal });
    } catch (error) {
      this.signal?.throwIfAborted();
      throw networkError(method, `${this.apiUrl}${path}`, error);
    }
    if (response.ok || options.accept?.includes(response.status)) return response;
    throw await problemError(method, path, response);
  }

  /** Combines the request timeout, lifted for streamed bodies, with the client's abort signal. */
  private requestSignal(stream: boolean): AbortSignal | undefined {
    const signals = stream ? [] : [AbortSignal.timeout(REQUEST_TIMEOUT_MS)];
    if (this.signal) signals.push(this.signal);
    return signals.length > 0 ? AbortSignal.any(signals) : undefined;
  }
}

function networkError(method: string, url: string, error: unknown): ApiError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new ApiError(`${method} ${url} failed: ${reason}`, 0, cause?.code, reason);
}

async function problemError(method: string, path: string, response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(text) as Record<string, unknown>;
  } catch {
    problem = { detail: text.slice(0, 500) || undefined };
  }
  const code = typeof problem.code === 'string' ? problem.code : undefined;
  const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
  const title = typeof problem.title === 'string' ? problem.title : response.statusText;
  const suffix = [detail, code && `(${code})`].filter(Boolean).join(' ');
  const message = `${method} ${path} failed with ${response.status} ${title}${suffix ? `: ${suffix}` : ''}`;
  return new ApiError(message, response.status, code, detail, problem);
}
