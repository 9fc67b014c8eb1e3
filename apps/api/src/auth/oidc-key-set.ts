import type { Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import { IdentityProviderUnavailableError } from './identity-provider-unavailable.error.js';
import { discoverJwksUri, PROVIDER_TIMEOUT_MS } from './oidc-discovery.js';

const FIRST_RETRY_DELAY_MS = 1_000;
const MAX_RETRY_DELAY_MS = 60_000;

export interface OidcKeySetOptions {
  readonly issuer: string;
  readonly cooldownMs: number;
  readonly cacheMaxAgeMs: number;
}

/** Errors of fetching the JWKS itself, as opposed to a token that matches no key. */
function isFetchFailure(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    (error instanceof joseErrors.JOSEError && error.code === joseErrors.JOSEError.code)
  );
}

/**
 * Signing keys of an OIDC issuer: discovery, then jose's remote JWKS, which caches the keys and
 * refetches them for an unknown `kid` at most once per cooldown. Discovery retries in the
 * background with exponential backoff, so the server starts while the provider is down and
 * rejects the provider's tokens with IdentityProviderUnavailableError until the keys arrive.
 */
export class OidcKeySet {
  private keys: JWTVerifyGetKey | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly options: OidcKeySetOptions,
    private readonly logger: Logger,
  ) {}

  /** Runs the first discovery attempt. Later attempts run in the background until one succeeds. */
  async start(): Promise<void> {
    await this.attempt(1, FIRST_RETRY_DELAY_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Returns the key resolver for jwtVerify, or throws while discovery has not succeeded yet. */
  resolver(): JWTVerifyGetKey {
    if (this.keys) return this.keys;
    const issuer = this.options.issuer;
    throw new IdentityProviderUnavailableError(
      `the signing keys of the identity provider ${issuer} are not available yet; retry later`,
    );
  }

  private async attempt(attempt: number, delayMs: number): Promise<void> {
    try {
      this.keys = await this.load();
      this.logger.log({ msg: 'OIDC issuer keys loaded', issuer: this.options.issuer, attempt });
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({
        msg: 'OIDC discovery failed; retrying',
        issuer: this.options.issuer,
        attempt,
        retryInMs: delayMs,
        err: error instanceof Error ? error.message : String(error),
      });
      const next = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
      this.retryTimer = setTimeout(() => void this.attempt(attempt + 1, next), delayMs);
      this.retryTimer.unref();
    }
  }

  private async load(): Promise<JWTVerifyGetKey> {
    const jwksUri = await discoverJwksUri(this.options.issuer);
    const remote = createRemoteJWKSet(jwksUri, {
      cooldownDuration: this.options.cooldownMs,
      cacheMaxAge: this.options.cacheMaxAgeMs,
      timeoutDuration: PROVIDER_TIMEOUT_MS,
    });
    // Fetching now proves that the JWKS is reachable and valid before any token depends on it.
    await remote.reload();
    return async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (!isFetchFailure(error)) throw error;
        // NOTE: jose refetches on every verification while its cache is stale, so while the
        // provider is down each request waits up to PROVIDER_TIMEOUT_MS before this error.
        const issuer = this.options.issuer;
        throw new IdentityProviderUnavailableError(
          `the JWKS of the identity provider ${issuer} could not be fetched; retry later`,
          { cause: error },
        );
      }
    };
  }
}
