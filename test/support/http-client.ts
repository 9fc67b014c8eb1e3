import { createHash } from 'node:crypto';

export interface HttpResult<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** A thin fetch wrapper for end-to-end tests, bound to a server URL and a bearer token. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null,
  ) {}

  withToken(token: string | null): HttpClient {
    return new HttpClient(this.baseUrl, token);
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const init: RequestInit & { duplex?: string } = { method, headers: { ...headers } };
    if (this.token) (init.headers as Record<string, string>).authorization = `Bearer ${this.token}`;
    if (body instanceof Uint8Array) {
      init.body = body;
      (init.headers as Record<string, string>)['content-type'] = 'application/octet-stream';
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, init);
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json')
      ? await response.json()
      : Buffer.from(await response.arrayBuffer());
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }

  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }

  /** Uploads content as one chunk per piece and commits it; returns the commit answer. */
  async uploadFile(
    target: { parentId: string; name: string } | { nodeId: string; baseVersionId: string | null },
    pieces: readonly Buffer[],
  ): Promise<HttpResult> {
    const chunks = [];
    for (const piece of pieces) {
      const sha256 = sha256Hex(piece);
      const upload = await this.put(`/chunks/${sha256}`, piece);
      if (upload.status >= 300) return upload;
      chunks.push({ sha256, size: piece.length });
    }
    const whole = Buffer.concat(pieces);
    const version = {
      size: whole.length,
      sha256: sha256Hex(whole),
      mtime: new Date().toISOString(),
      chunks,
    };
    if ('nodeId' in target) {
      return this.post(`/files/${target.nodeId}/versions`, {
        ...version,
        baseVersionId: target.baseVersionId,
      });
    }
    return this.post('/files', { ...version, ...target });
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
