import {
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderBearerStrategy } from './header-bearer.passport.js';
import { IdentityService } from '../identity/identity.service.js';
import { IdentityProviderUnavailableError } from './identity-provider-unavailable.error.js';
import type { Principal } from './principal.js';
import { TokenRejectedError } from './token-rejected.error.js';
import { TokenVerifier } from './token-verifier.js';

/** Passport strategy that turns a bearer JWT into the request's Principal. */
@Injectable()
export class BearerStrategy extends PassportStrategy(HeaderBearerStrategy, 'bearer') {
  private readonly logger = new Logger(BearerStrategy.name);

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly identity: IdentityService,
  ) {
    super();
  }

  async validate(token: string): Promise<Principal> {
    let claims;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        this.logger.warn({ msg: 'token rejected', reason: error.message, ...error.fields });
        throw new UnauthorizedException({ message: error.message, code: 'TOKEN_REJECTED' });
      }
      if (error instanceof IdentityProviderUnavailableError) {
        this.logger.warn({ msg: 'identity provider unavailable', reason: error.message });
        throw new ServiceUnavailableException({
          message: error.message,
          code: 'IDENTITY_PROVIDER_UNAVAILABLE',
        });
      }
      throw error;
    }
    return this.identity.resolve(claims);
  }
}
