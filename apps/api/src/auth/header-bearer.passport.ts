import type { Request } from 'express';
import { Strategy } from 'passport-strategy';

type Verify = (token: string, done: (error: unknown, user?: unknown) => void) => void;

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)$/;

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
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      this.fail('Bearer realm="scaidrive"', 401);
      return;
    }
    this.verify(match[1], (error, user) => {
      if (error) this.error(error as Error);
      else if (!user) this.fail('Bearer realm="scaidrive", error="invalid_token"', 401);
      else this.success(user);
    });
  }
}
