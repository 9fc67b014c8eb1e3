import {
  type ArgumentsHost,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { DomainError } from '@scaidrive/domain';
import { ProblemDetailsFilter } from './problem-details.filter.js';

interface Sent {
  status?: number;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
}

/** Runs the filter on one exception for a request to /api/v1/things and returns the response. */
function render(exception: unknown, requestHeaders: Record<string, string> = {}): Sent {
  const sent: Sent = { headers: {} };
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(value: string) {
      sent.headers['content-type'] = value;
      return this;
    },
    send(text: string) {
      sent.body = JSON.parse(text) as Record<string, unknown>;
      return this;
    },
  };
  const request = { originalUrl: '/api/v1/things', headers: requestHeaders };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

describe('ProblemDetailsFilter', () => {
  it.each(['type', 'title', 'status', 'detail', 'instance', 'code'])(
    'keeps the standard member %s over a detail of that name',
    (name) => {
      const error = new DomainError('INVALID_ARGUMENT', 'status must be open', { [name]: 'bogus' });
      const sent = render(error);
      expect(sent.status).toBe(400);
      expect(sent.body?.type).toBe('urn:scaidrive:problem:invalid-argument');
      expect(sent.body?.title).toBe('Bad Request');
      expect(sent.body?.status).toBe(400);
      expect(sent.body?.detail).toBe('status must be open');
      expect(sent.body?.instance).toBe('/api/v1/things');
      expect(sent.body?.code).toBe('INVALID_ARGUMENT');
    },
  );

  it('keeps details with other names', () => {
    const sent = render(new DomainError('NOT_FOUND', 'gone', { nodeId: 'n1' }));
    expect(sent.status).toBe(404);
    expect(sent.body?.nodeId).toBe('n1');
  });

  it('titles 415 by its reason phrase', () => {
    const sent = render(new UnsupportedMediaTypeException('the body must be JSON'));
    expect(sent.status).toBe(415);
    expect(sent.body?.title).toBe('Unsupported Media Type');
  });

  it('titles 413 and 422 by their RFC 9110 names', () => {
    expect(render(new DomainError('TOO_LARGE', 'big')).body?.title).toBe('Content Too Large');
    expect(render(new DomainError('CHECKSUM_MISMATCH', 'bad')).body?.title).toBe(
      'Unprocessable Content',
    );
  });

  it('challenges a 401 without a token', () => {
    const sent = render(new UnauthorizedException('a bearer token is required'));
    expect(sent.headers['www-authenticate']).toBe('Bearer realm="scaidrive"');
  });

  it('challenges a 401 with a rejected token', () => {
    const sent = render(new UnauthorizedException('expired'), { authorization: 'Bearer abc' });
    expect(sent.headers['www-authenticate']).toBe(
      'Bearer realm="scaidrive", error="invalid_token"',
    );
  });
});
