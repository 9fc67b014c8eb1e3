import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
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
  const header = req.header('x-request-id');
  const requestId = header && REQUEST_ID.test(header) ? header : randomUUID();
  (req as Request & { id: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  storage.run({ requestId }, next);
}
