import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from './api-error.js';
import { HttpTransport } from './http-transport.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('HttpTransport', () => {
  let server: Server;
  let url: string;
  let handler: Handler;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization}`);
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the token under /api/v1', async () => {
    seen.length = 0;
    handler = (_request, response) => response.end('{}');
    await new HttpTransport(`${url}/`, 'tok').request('GET', '/me');
    expect(seen).toEqual(['GET /api/v1/me Bearer tok']);
  });

  it('accepts a server URL ending in /api/v1', () => {
    expect(new HttpTransport(`${url}/api/v1`, 't').apiUrl).toBe(`${url}/api/v1`);
  });

  it('turns problem details into ApiError', async () => {
    handler = (_request, response) => {
      response.writeHead(409, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({
          title: 'Conflict',
          status: 409,
          detail: 'a.txt exists',
          code: 'NAME_CONFLICT',
        }),
      );
    };
    const failure = await new HttpTransport(url, 't').request('POST', '/folders').catch((e) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(409);
    expect(failure.code).toBe('NAME_CONFLICT');
    expect(failure.message).toBe(
      'POST /folders failed with 409 Conflict: a.txt exists (NAME_CONFLICT)',
    );
    expect(failure.fatal).toBe(false);
  });

  it('retries an idempotent request after a 503', async () => {
    let calls = 0;
    handler = (_request, response) => {
      calls++;
      response.writeHead(calls === 1 ? 503 : 200);
      response.end('{}');
    };
    await new HttpTransport(url, 't').request('GET', '/me', { idempotent: true });
    expect(calls).toBe(2);
  });

  it('does not retry other requests', async () => {
    let calls = 0;
    handler = (_request, response) => {
      calls++;
      response.writeHead(503);
      response.end('busy');
    };
    const failure = await new HttpTransport(url, 't').request('POST', '/x').catch((e) => e);
    expect(failure.status).toBe(503);
    expect(failure.detail).toBe('busy');
    expect(calls).toBe(1);
  });

  it('accepts listed statuses', async () => {
    handler = (_request, response) => {
      response.writeHead(404);
      response.end();
    };
    const response = await new HttpTransport(url, 't').request('GET', '/nodes/x', {
      accept: [404],
    });
    expect(response.status).toBe(404);
  });

  it('reports a refused connection as status 0', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await new HttpTransport(`http://127.0.0.1:${port}`, 't')
      .request('GET', '/me')
      .catch((e) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(0);
    expect(failure.code).toBe('ECONNREFUSED');
    expect(failure.fatal).toBe(true);
  });
});
