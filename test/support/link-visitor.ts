import { request as httpRequest } from 'node:http';

export interface VisitResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON for JSON responses, the raw bytes otherwise. */
  readonly body: any;
  readonly bytes: Buffer;
}

/**
 * A visitor of public links, connecting from a loopback address of its own (127.0.0.2, say), so
 * that tests see the server's real per-address behaviour. Linux routes all of 127.0.0.0/8 to the
 * loopback interface.
 */
export class LinkVisitor {
  constructor(
    readonly baseUrl: string,
    readonly localAddress = '127.0.0.1',
    readonly headers: Record<string, string> = {},
  ) {}

  /** Returns the same visitor with more headers, such as an X-Link-Access token. */
  with(headers: Record<string, string>): LinkVisitor {
    return new LinkVisitor(this.baseUrl, this.localAddress, { ...this.headers, ...headers });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<VisitResult> {
    return this.send('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<VisitResult> {
    return this.send('POST', path, body, headers);
  }

  send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<VisitResult> {
    const url = new URL(`${this.baseUrl}/api/v1${path}`);
    let payload: Buffer | undefined;
    const all: Record<string, string> = { ...this.headers, ...headers };
    if (Buffer.isBuffer(body)) {
      payload = body;
      all['content-type'] ??= 'application/octet-stream';
    } else if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      all['content-type'] = 'application/json';
    }
    if (payload) all['content-length'] = String(payload.length);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          method,
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          localAddress: this.localAddress,
          headers: all,
          agent: false,
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('error', reject);
          response.on('end', () => {
            const bytes = Buffer.concat(parts);
            const type = String(response.headers['content-type'] ?? '');
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body:
                type.includes('json') && bytes.length > 0 ? JSON.parse(bytes.toString()) : bytes,
              bytes,
            });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }
}
