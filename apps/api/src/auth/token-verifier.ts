import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { DEV_ALGORITHM, DEV_ISSUER, loadOrCreateDevKey } from '@scaidrive/auth';

/** Claims of a verified token that identify the caller. */
export interface VerifiedClaims {
  readonly issuer: string;
  readonly subject: string;
  readonly tenant: string;
  readonly name: string;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
}

/** A token was rejected; reason goes to the log and the 401 answer, never the token itself. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];
const CLOCK_TOLERANCE_SECONDS = 30;

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/**
 * Verifies bearer JWTs: against the development issuer's key in the data folder when that issuer
 * is enabled, and against the configured OIDC issuer's JWKS otherwise. Only asymmetric algorithms
 * are accepted, so a public key can never be used as an HMAC secret.
 */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private readonly logger = new Logger(TokenVerifier.name);
  private devKeys: JWTVerifyGetKey | null = null;
  private oidcKeys: JWTVerifyGetKey | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.auth.devIssuer) {
      const { publicJwk } = await loadOrCreateDevKey(this.config.dataDir);
      this.devKeys = createLocalJWKSet({ keys: [publicJwk] });
    }
    if (this.config.auth.oidcIssuer) {
      const discovery = `${this.config.auth.oidcIssuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(discovery);
      if (!response.ok)
        throw new Error(`OIDC discovery at ${discovery} failed: ${response.status}`);
      const document = (await response.json()) as { jwks_uri?: string };
      if (!document.jwks_uri) throw new Error(`OIDC discovery at ${discovery} has no jwks_uri`);
      this.oidcKeys = createRemoteJWKSet(new URL(document.jwks_uri));
      this.logger.log({ msg: 'OIDC issuer configured', issuer: this.config.auth.oidcIssuer });
    }
  }

  async verify(token: string): Promise<VerifiedClaims> {
    const issuer = this.unverifiedIssuer(token);
    const dev = issuer === DEV_ISSUER;
    const keys = dev ? this.devKeys : issuer === this.config.auth.oidcIssuer ? this.oidcKeys : null;
    if (!keys) throw new TokenRejectedError('the token issuer is not trusted');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer,
        audience: this.config.auth.audience,
        algorithms: dev ? [DEV_ALGORITHM] : ASYMMETRIC_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw new TokenRejectedError(this.describe(error));
    }
    const tenant =
      typeof payload.tenant === 'string' && payload.tenant ? payload.tenant : 'default';
    const name = typeof payload.name === 'string' && payload.name ? payload.name : payload.sub!;
    return {
      issuer,
      subject: payload.sub!,
      tenant,
      name,
      groups: stringList(payload.groups),
      roles: stringList(payload.roles),
    };
  }

  private unverifiedIssuer(token: string): string {
    const parts = token.split('.');
    if (parts.length !== 3) throw new TokenRejectedError('the token is not a JWT');
    try {
      const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JWTPayload;
      if (typeof payload.iss !== 'string') throw new TokenRejectedError('the token has no issuer');
      return payload.iss;
    } catch (error) {
      if (error instanceof TokenRejectedError) throw error;
      throw new TokenRejectedError('the token payload is not valid JSON');
    }
  }

  private describe(error: unknown): string {
    if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      return `the token claim ${error.claim} is invalid: ${error.reason}`;
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      return 'the token signature is invalid';
    }
    if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
    if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key matches the token kid';
    if (error instanceof joseErrors.JOSEError) return `the token is invalid: ${error.code}`;
    return 'the token could not be verified';
  }
}
