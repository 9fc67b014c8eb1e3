import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

interface RequestContext {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Id of the current request, shared by its log lines and the events it causes. */
export function currentRequestId(): string {
  return storage.getStore()?.requestId ?? randomUUID();
}

/** Runs work outside any HTTP request, such as a background job, with events correlated by id. */
export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Runs each request in its own context, taking the caller's X-Request-Id when it is a plain token
 * and making one otherwise, and echoes it in the response.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  stripQueryToken(req);
  const header = req.header('x-request-id');
  // A second pass, after the body parser, keeps the id the first pass chose: the parser's stream
  // callbacks do not carry the async context, so the context is entered again.
  const assigned = (req as Request & { id?: string }).id;
  const requestId = assigned ?? (header && REQUEST_ID.test(header) ? header : randomUUID());
  (req as Request & { id: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  storage.run({ requestId }, next);
}

/**
 * Removes an `access_token` query parameter before anything logs the URL. The API reads tokens
 * from the Authorization header only, so such a request stays unauthenticated, and the token
 * must not reach the logs either way.
 */
function stripQueryToken(req: Request): void {
  const question = req.url.indexOf('?');
  if (question < 0 || !req.url.includes('access_token')) return;
  const params = new URLSearchParams(req.url.slice(question + 1));
  if (!params.has('access_token')) return;
  params.delete('access_token');
  const query = params.toString();
  req.url = req.url.slice(0, question) + (query ? `?${query}` : '');
  req.originalUrl = req.url;
}

const JSON_TYPE = /^application\/(.+\+)?json\b/i;

/**
 * Rejects a request body that is not JSON with 415, except chunk uploads and drop-zone uploads,
 * which carry bytes, so a form or text body is not taken for a JSON object with every field
 * missing.
 */
export function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'];
  const carriesBytes =
    (/^\/api\/v1\/chunks\/[^/]+$/.test(req.path) && req.method === 'PUT') ||
    (/^\/api\/v1\/public\/links\/[^/]+\/files$/.test(req.path) && req.method === 'POST');
  const type = req.headers['content-type'] ?? '';
  if (carriesBytes && hasBody && !/^application\/octet-stream\b/i.test(type)) {
    next(new UnsupportedMediaTypeException('an upload of bytes must be application/octet-stream'));
    return;
  }
  if (!carriesBytes && hasBody && !JSON_TYPE.test(type)) {
    next(new UnsupportedMediaTypeException('the request body must be application/json'));
    return;
  }
  next();
}
