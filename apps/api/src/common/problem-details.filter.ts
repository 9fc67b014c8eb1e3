import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { DomainError, type DomainErrorCode } from '@scaidrive/domain';
import { AppendTooLargeError, WrongExpectedVersionError } from '@scaidrive/event-store';
import { bearerChallenge } from '../auth/bearer-challenge.js';
import { ServerStoppingException } from './server-stopping.exception.js';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  ALREADY_EXISTS: 409,
  NAME_CONFLICT: 409,
  INVALID_NAME: 400,
  INVALID_ARGUMENT: 400,
  MOVE_CYCLE: 409,
  NOT_A_FOLDER: 409,
  NOT_A_FILE: 409,
  ROOT_IMMUTABLE: 409,
  CHUNK_MISSING: 409,
  CHECKSUM_MISMATCH: 422,
  CONCURRENCY_CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_LARGE: 413,
  QUOTA_EXCEEDED: 507,
  BUDGET_EXCEEDED: 402,
  LINK_REVOKED: 410,
  LINK_EXPIRED: 410,
  LINK_UNAVAILABLE: 404,
  ADDRESS_NOT_ALLOWED: 403,
  PASSWORD_REQUIRED: 401,
  EMAIL_VERIFICATION_REQUIRED: 401,
  WRONG_PASSWORD: 401,
  WRONG_CODE: 401,
  THROTTLED: 429,
  NOT_PERMITTED_BY_LINK: 403,
  DOWNLOAD_LIMIT_REACHED: 403,
};

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  [extension: string]: unknown;
}

/** Reason phrases that RFC 9110 renamed, which Node's STATUS_CODES (v20) still lists by the old name. */
const RFC_9110_TITLES: Readonly<Record<number, string>> = {
  413: 'Content Too Large',
  422: 'Unprocessable Content',
};

function titleOf(status: number): string {
  return RFC_9110_TITLES[status] ?? STATUS_CODES[status] ?? 'Error';
}

function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const problem: ProblemDetails = {
    type: 'about:blank',
    title: titleOf(status),
    status,
    detail: exception.message,
  };
  if (typeof body === 'object' && body !== null) {
    const message = (body as { message?: unknown }).message;
    if (Array.isArray(message)) {
      problem.detail = 'the request is invalid';
      problem.errors = message;
      problem.code = 'INVALID_ARGUMENT';
    } else if (typeof message === 'string') {
      problem.detail = message;
    }
    const code = (body as { code?: unknown }).code;
    if (typeof code === 'string') problem.code = code;
  }
  return problem;
}

/** Maps every error to an application/problem+json answer (RFC 9457) with a stable code. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl;
    // A request ended by shutdown is expected, and main.ts logs the shutdown itself. Domain errors
    // such as a full quota (507) are expected outcomes too, so only server failures log an error.
    const expected =
      exception instanceof ServerStoppingException || exception instanceof DomainError;
    if (problem.status >= 500 && !expected) {
      this.logger.error({
        msg: 'request failed',
        err:
          exception instanceof Error
            ? { message: exception.message, stack: exception.stack }
            : exception,
      });
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    // A link's credentials are a password or a code, not a bearer token, so no challenge for them.
    if (problem.status === 401 && !(exception instanceof DomainError)) {
      response.setHeader('WWW-Authenticate', bearerChallenge(request.headers.authorization));
    }
    if (exception instanceof ServerStoppingException) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    const retryAfter = exception instanceof DomainError && exception.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      const status = STATUS_BY_CODE[exception.code];
      // Details come first so that none of them, whatever its name, replaces a standard member.
      return {
        ...exception.details,
        type: `urn:scaidrive:problem:${exception.code.toLowerCase().replaceAll('_', '-')}`,
        title: titleOf(status),
        status,
        detail: exception.message,
        code: exception.code,
      };
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (exception instanceof WrongExpectedVersionError) {
      return {
        type: 'urn:scaidrive:problem:concurrency-conflict',
        title: titleOf(409),
        status: 409,
        detail: 'another request changed the same data at the same time; retry',
        code: 'CONCURRENCY_CONFLICT',
      };
    }
    if (exception instanceof AppendTooLargeError) {
      return {
        type: 'urn:scaidrive:problem:too-large',
        title: titleOf(413),
        status: 413,
        detail: exception.message,
        code: 'TOO_LARGE',
      };
    }
    return {
      type: 'about:blank',
      title: titleOf(500),
      status: 500,
      detail: 'the server failed to process the request; the error is in its log',
    };
  }
}
