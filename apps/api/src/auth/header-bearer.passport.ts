import type { Request } from 'express';
import { Strategy } from 'passport-strategy';
import { bearerTokenOf } from './bearer-challenge.js';

type Verify = (token: string, done: (error: unknown, user?: unknown) => void) => void;

/**
 * Passport strategy that reads the bearer token from the Authorization header only. Tokens in a
 * query string or form body, which RFC 6750 allows but discourages, end up in proxy and server
 * logs, so they are not accepted.
 */
export class HeaderBearerStrategy extends Strategy {
  name = 'bearer';

  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(request: Request): void {
    const token = bearerTokenOf(request.headers.authorization);
    if (token === null) {
      this.fail('Bearer realm="scaidrive"', 401);
      return;
    }
    this.verify(token, (error, user) => {
      if (error) this.error(error as Error);
      else if (!user) this.fail('Bearer realm="scaidrive", error="invalid_token"', 401);
      else this.success(user);
    });
  }
}
