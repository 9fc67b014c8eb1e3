import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { IdentityService } from '../identity/identity.service.js';
import { type Principal } from './principal.js';
import { TokenRejectedError, TokenVerifier } from './token-verifier.js';

/** Passport strategy that turns a bearer JWT into the request's Principal. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  private readonly logger = new Logger(BearerStrategy.name);

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly identity: IdentityService,
  ) {
    super();
  }

  async validate(token: string): Promise<Principal> {
    try {
      const claims = await this.verifier.verify(token);
      return await this.identity.resolve(claims);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      this.logger.warn({ msg: 'token rejected', reason: error.message });
      throw new UnauthorizedException(error.message);
    }
  }
}
