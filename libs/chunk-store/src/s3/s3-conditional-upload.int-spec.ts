import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { bodyOf, rejectionOf, sha256Hex, uniqueBytes } from '../contract/contract-fixtures.js';
import { S3ChunkStore } from './s3-chunk-store.js';

Logger.overrideLogger(['error']);

interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly ifNoneMatch: string | undefined;
}

function sendError(response: ServerResponse, status: number, code: string): void {
  response.writeHead(status, { 'Content-Type': 'application/xml' });
  response.end(
    '<?xml version="1.0" encoding="UTF-8"?>' +
      `<Error><Code>${code}</Code><Message>${code}</Message><RequestId>1</RequestId></Error>`,
  );
}

/**
 * Runs against an S3 endpoint that returns 404 to every HEAD and the next scripted status to each
 * PUT. It stands in for a server with conditional writes, which s3rver lacks.
 */
describe('S3ChunkStore conditional uploads', () => {
  let server: Server;
  let endpoint: string;
  let requests: RecordedRequest[];
  let putAnswers: number[];

  function handle(request: IncomingMessage, response: ServerResponse): void {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      ifNoneMatch: request.headers['if-none-match'],
    });
    request.resume();
    request.on('end', () => {
      if (request.method === 'HEAD') {
        response.writeHead(404).end();
        return;
      }
      const status = putAnswers.shift() ?? 200;
      if (status === 412) return sendError(response, 412, 'PreconditionFailed');
      if (status === 409) return sendError(response, 409, 'ConditionalRequestConflict');
      response.writeHead(200, { ETag: '"etag"' }).end();
    });
  }

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  });

  beforeEach(() => {
    requests = [];
    putAnswers = [];
  });

  function createStore(): S3ChunkStore {
    return new S3ChunkStore({
      endpoint,
      bucket: 'chunks',
      accessKey: 'access',
      secretKey: 'secret',
      region: 'us-east-1',
    });
  }

  function puts(): RecordedRequest[] {
    return requests.filter((request) => request.method === 'PUT');
  }

  it('uploads only if the key is absent', async () => {
    const bytes = uniqueBytes(1024);
    const sha256 = sha256Hex(bytes);

    const result = await createStore().put(sha256, bodyOf(bytes));

    expect(result).toEqual({ created: true, size: bytes.length });
    expect(puts()).toHaveLength(1);
    expect(puts()[0].ifNoneMatch).toBe('*');
    expect(puts()[0].url).toBe(`/chunks/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`);
  });

  it('reports a lost race as not created', async () => {
    putAnswers = [412];
    const bytes = uniqueBytes(1024);

    const result = await createStore().put(sha256Hex(bytes), bodyOf(bytes));

    expect(result).toEqual({ created: false, size: bytes.length });
  });

  it('retries after a conditional write conflict', async () => {
    putAnswers = [409, 412];
    const bytes = uniqueBytes(1024);

    const result = await createStore().put(sha256Hex(bytes), bodyOf(bytes));

    expect(result).toEqual({ created: false, size: bytes.length });
    expect(puts()).toHaveLength(2);
  });

  it('gives up after three conflicts', async () => {
    putAnswers = [409, 409, 409, 200];
    const bytes = uniqueBytes(1024);

    const failure = await rejectionOf(createStore().put(sha256Hex(bytes), bodyOf(bytes)));

    expect(failure).toMatchObject({ code: 'ConditionalRequestConflict' });
    expect(puts()).toHaveLength(3);
  });
});
