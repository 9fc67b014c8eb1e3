import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DEV_ISSUER, loadOrCreateDevKey } from '@scaidrive/auth';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { Public } from '../common/public.decorator.js';

/** Publishes the development issuer's public key, as an OIDC provider publishes its JWKS. */
@ApiExcludeController()
@Controller('api/v1/auth')
export class JwksController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get('jwks')
  async jwks() {
    if (!this.config.auth.devIssuer) throw new NotFoundException('the development issuer is off');
    const { publicJwk } = await loadOrCreateDevKey(this.config.dataDir);
    return { issuer: DEV_ISSUER, keys: [publicJwk] };
  }
}
