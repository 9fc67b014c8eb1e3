import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable, of } from 'rxjs';
import { DataSource } from 'typeorm';
import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[\x21-\x7e]{1,200}$/;
/** How long a key is remembered. */
const RETENTION = '24 hours';
/** How long a duplicate waits for the first request with its key to finish. */
const IN_PROGRESS_WAIT_MS = 30_000;

interface StoredResponse {
  fingerprint: string;
  status: number | null;
  body: string | null;
  content_type: string | null;
}

function fingerprintOf(request: Request): string {
  const body = request.is('application/json') ? JSON.stringify(request.body ?? null) : '';
  return createHash('sha256')
    .update(`${request.method} ${request.originalUrl}\n${body}`)
    .digest('hex');
}

/**
 * Makes every command safe to retry: a request with an Idempotency-Key runs once per user and
 * key, and a retry gets the first successful answer without running again. A failed first
 * attempt forgets the key, so the retry runs anew.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: Principal }>();
    const key = request.header('idempotency-key');
    if (!key || !MUTATING.has(request.method) || !request.user) return next.handle();
    if (!KEY.test(key)) {
      throw new DomainError(
        'INVALID_ARGUMENT',
        'Idempotency-Key must be 1 to 200 visible ASCII characters',
      );
    }
    return from(this.handle(request, http.getResponse<Response>(), request.user, key, next));
  }

  private async handle(
    request: Request,
    response: Response,
    principal: Principal,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    const fingerprint = fingerprintOf(request);
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < now() - interval '${RETENTION}'`,
      [principal.userId, key],
    );
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING key`,
      [principal.userId, key, fingerprint],
    );
    if (claimed.length === 0) return this.replay(response, principal, key, fingerprint);
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.dataSource.query(
        `UPDATE idempotency_keys SET status = $3, body = $4, content_type = $5
         WHERE user_id = $1 AND key = $2`,
        [
          principal.userId,
          key,
          response.statusCode,
          JSON.stringify(result ?? null),
          'application/json',
        ],
      );
      return result;
    } catch (error) {
      await this.dataSource.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [
        principal.userId,
        key,
      ]);
      throw error;
    }
  }

  private async replay(response: Response, principal: Principal, key: string, fingerprint: string) {
    const deadline = Date.now() + IN_PROGRESS_WAIT_MS;
    for (;;) {
      const rows: StoredResponse[] = await this.dataSource.query(
        'SELECT fingerprint, status, body, content_type FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [principal.userId, key],
      );
      const stored = rows[0];
      if (stored && stored.fingerprint !== fingerprint) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'this Idempotency-Key was used for a different request; use a new key',
          { key },
        );
      }
      if (stored?.status != null) {
        response.status(stored.status).setHeader('Idempotent-Replayed', 'true');
        return lastValueFrom(of(JSON.parse(stored.body ?? 'null')));
      }
      if (!stored) {
        throw new DomainError(
          'CONCURRENCY_CONFLICT',
          'the first request with this key failed; retry',
        );
      }
      if (Date.now() > deadline) {
        throw new DomainError(
          'CONCURRENCY_CONFLICT',
          'a request with this Idempotency-Key is still running',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
