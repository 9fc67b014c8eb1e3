import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { APP_CONFIG, type AppConfig, type ClaimNames } from '@scaidrive/config';
import { DEV_ALGORITHM, DEV_ISSUER, loadOrCreateDevKey } from '@scaidrive/auth';
import { mapClaims } from './claim-mapper.js';
import { describeJoseError } from './describe-jose-error.js';
import { IdentityProviderUnavailableError } from './identity-provider-unavailable.error.js';
import { OidcKeySet } from './oidc-key-set.js';
import { TokenRejectedError } from './token-rejected.error.js';
import type { VerifiedClaims } from './verified-claims.js';

/** Leeway for `exp` and `nbf`, for clocks of the server and the provider that differ a little. */
const CLOCK_TOLERANCE_SECONDS = 30;
const VERIFIED_CACHE_MS = 60_000;
const VERIFIED_CACHE_LIMIT = 10_000;
/** Maximum length of a header or claim value copied into a log line; the caller controls it. */
const MAX_LOGGED_VALUE = 200;

/** Claim names of the development issuer's tokens, which signDevToken fixes. */
const DEV_CLAIMS: ClaimNames = {
  tenant: 'tenant',
  name: 'name',
  groups: 'groups',
  roles: 'roles',
  partner: 'partner',
};

interface TrustedIssuer {
  readonly keys: JWTVerifyGetKey;
  readonly algorithms: readonly string[];
  readonly claims: ClaimNames;
  readonly defaultTenant: string | null;
}

function truncate(value: unknown): string {
  return String(value).slice(0, MAX_LOGGED_VALUE);
}

/**
 * Verifies bearer JWTs: against the development issuer's key in the data folder when that issuer
 * is enabled, and against the configured OIDC issuer's JWKS otherwise. Only the configured
 * asymmetric algorithms are accepted, so `none` and HMAC signed with a public key never verify.
 */
@Injectable()
export class TokenVerifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TokenVerifier.name);
  private devKeys: JWTVerifyGetKey | null = null;
  private oidcKeys: OidcKeySet | null = null;
  private readonly verified = new Map<string, { claims: VerifiedClaims; until: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const auth = this.config.auth;
    if (auth.devIssuer) {
      const { publicJwk } = await loadOrCreateDevKey(this.config.dataDir);
      this.devKeys = createLocalJWKSet({ keys: [publicJwk] });
      if (this.config.databaseUrl) {
        this.logger.warn({
          msg: 'development issuer enabled with an external database',
          hint: 'anyone who can read the data folder can sign tokens; use OIDC_ISSUER',
        });
      }
    }
    if (auth.oidcIssuer) {
      this.oidcKeys = new OidcKeySet(
        {
          issuer: auth.oidcIssuer,
          cooldownMs: auth.jwksCooldownMs,
          cacheMaxAgeMs: auth.jwksCacheMaxAgeMs,
        },
        this.logger,
      );
      await this.oidcKeys.start();
    }
  }

  onModuleDestroy(): void {
    this.oidcKeys?.stop();
  }

  /**
   * Verifies the token's signature, issuer, audience, `exp` and `nbf`, then maps its claims.
   * Throws TokenRejectedError for a bad token and IdentityProviderUnavailableError when the
   * provider's keys cannot be fetched.
   */
  async verify(token: string): Promise<VerifiedClaims> {
    const cached = this.verified.get(token);
    if (cached && cached.until > Date.now()) return cached.claims;
    const claims = await this.verifyUncached(token);
    this.remember(token, claims);
    return claims;
  }

  /**
   * Keeps a verified token for at most a minute and never past its expiry, so a sync client's
   * many requests skip the signature check while key rotation and expiry still take effect.
   */
  private remember(token: string, claims: VerifiedClaims & { expiresAt?: number }): void {
    if (this.verified.size >= VERIFIED_CACHE_LIMIT) this.verified.clear();
    const until = Math.min(Date.now() + VERIFIED_CACHE_MS, claims.expiresAt ?? Date.now());
    this.verified.set(token, { claims, until });
  }

  private async verifyUncached(token: string): Promise<VerifiedClaims & { expiresAt?: number }> {
    const issuer = this.unverifiedIssuer(token);
    const trusted = this.trustedIssuer(issuer);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, trusted.keys, {
        issuer,
        audience: this.config.auth.audience,
        algorithms: [...trusted.algorithms],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof IdentityProviderUnavailableError) throw error;
      throw new TokenRejectedError(describeJoseError(error), this.headerFields(token, issuer));
    }
    const claims = mapClaims(payload, issuer, trusted.claims, trusted.defaultTenant);
    return { ...claims, expiresAt: payload.exp === undefined ? undefined : payload.exp * 1000 };
  }

  private trustedIssuer(issuer: string): TrustedIssuer {
    const auth = this.config.auth;
    if (issuer === DEV_ISSUER) {
      if (!this.devKeys) {
        throw new TokenRejectedError('the development issuer is disabled on this server');
      }
      return {
        keys: this.devKeys,
        algorithms: [DEV_ALGORITHM],
        claims: DEV_CLAIMS,
        defaultTenant: 'default',
      };
    }
    if (this.oidcKeys && issuer === auth.oidcIssuer) {
      return {
        keys: this.oidcKeys.resolver(),
        algorithms: auth.algorithms,
        claims: auth.claims,
        defaultTenant: auth.defaultTenant,
      };
    }
    throw new TokenRejectedError('the token issuer is not trusted', { issuer: truncate(issuer) });
  }

  private unverifiedIssuer(token: string): string {
    const parts = token.split('.');
    if (parts.length !== 3) throw new TokenRejectedError('the token is not a JWT');
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      throw new TokenRejectedError('the token payload is not valid JSON');
    }
    const iss = (payload as JWTPayload | null)?.iss;
    if (typeof iss !== 'string') throw new TokenRejectedError('the token has no iss claim');
    return iss;
  }

  private headerFields(token: string, issuer: string): Record<string, string> {
    const fields: Record<string, string> = { issuer: truncate(issuer) };
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== undefined) fields.alg = truncate(header.alg);
      if (header.kid !== undefined) fields.kid = truncate(header.kid);
    } catch {
      // A header that does not decode adds no fields, and the reason already states the problem.
    }
    return fields;
  }
}
