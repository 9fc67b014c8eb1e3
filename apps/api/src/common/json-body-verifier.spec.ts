import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import { MAX_JSON_BODY_DEPTH, verifyJsonBody } from './json-body-verifier.js';

const request = {} as IncomingMessage;
const response = {} as ServerResponse;

function verify(body: Buffer, encoding = 'utf-8'): void {
  verifyJsonBody(request, response, body, encoding);
}

function nested(depth: number): Buffer {
  return Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

describe('verifyJsonBody', () => {
  it('accepts UTF-8 text with multibyte characters', () => {
    expect(() => verify(Buffer.from('{"name":"Café 📁"}'))).not.toThrow();
  });

  it('rejects invalid UTF-8 with 400', () => {
    const body = Buffer.concat([
      Buffer.from('{"name":"a'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    expect(() => verify(body)).toThrow(BadRequestException);
  });

  it('rejects a truncated multibyte sequence', () => {
    const body = Buffer.concat([
      Buffer.from('{"name":"'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('"}'),
    ]);
    expect(() => verify(body)).toThrow(BadRequestException);
  });

  it('accepts the maximum depth', () => {
    expect(() => verify(nested(MAX_JSON_BODY_DEPTH))).not.toThrow();
  });

  it('rejects one level more than the maximum', () => {
    expect(() => verify(nested(MAX_JSON_BODY_DEPTH + 1))).toThrow(BadRequestException);
  });

  it('rejects a charset other than UTF-8 with 415', () => {
    expect(() => verify(Buffer.from('{}'), 'utf-16le')).toThrow(UnsupportedMediaTypeException);
  });

  it('keeps the status for body-parser', () => {
    let status: unknown;
    try {
      verify(nested(1500));
    } catch (error) {
      status = (error as { status?: unknown }).status;
    }
    expect(status).toBe(400);
  });
});
