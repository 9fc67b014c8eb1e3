type Env = Readonly<Record<string, string | undefined>>;

/** Limits of the public link endpoints: unlock throttling and the lifetimes of tokens and codes. */
export interface LinkConfig {
  /** Failed unlocks from one client address, on any link, that start a lock-out. */
  readonly failuresPerAddress: number;
  /** Failed unlocks on one link, from any address, that start a lock-out. */
  readonly failuresPerLink: number;
  /** Window in seconds in which failures add up. The count restarts after it. */
  readonly failureWindowSeconds: number;
  /** First lock-out in seconds. Each further lock-out of the same scope doubles, up to an hour. */
  readonly lockoutSeconds: number;
  /** Lifetime in seconds of an access token issued by an unlock. */
  readonly sessionTtlSeconds: number;
  /** Lifetime in seconds of a one-time code sent by email. */
  readonly codeTtlSeconds: number;
  /** Largest file in bytes a drop zone takes, whatever the quotas leave. */
  readonly maxUploadBytes: number;
}

function readPositiveInteger(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    problems.push(`${name} must be a whole number of at least 1, got ${JSON.stringify(raw)}`);
    return fallback;
  }
  return value;
}

/**
 * Reads LINK_FAILURES_PER_ADDRESS (default 10), LINK_FAILURES_PER_LINK (20),
 * LINK_FAILURE_WINDOW_SECONDS (900), LINK_LOCKOUT_SECONDS (60), LINK_SESSION_TTL_SECONDS (3600)
 * LINK_CODE_TTL_SECONDS (600) and LINK_UPLOAD_MAX_BYTES (10 GiB), adding a message to problems
 * for each invalid value.
 */
export function readLinkConfig(env: Env, problems: string[]): LinkConfig {
  return {
    failuresPerAddress: readPositiveInteger(env, 'LINK_FAILURES_PER_ADDRESS', 10, problems),
    failuresPerLink: readPositiveInteger(env, 'LINK_FAILURES_PER_LINK', 20, problems),
    failureWindowSeconds: readPositiveInteger(env, 'LINK_FAILURE_WINDOW_SECONDS', 900, problems),
    lockoutSeconds: readPositiveInteger(env, 'LINK_LOCKOUT_SECONDS', 60, problems),
    sessionTtlSeconds: readPositiveInteger(env, 'LINK_SESSION_TTL_SECONDS', 3600, problems),
    codeTtlSeconds: readPositiveInteger(env, 'LINK_CODE_TTL_SECONDS', 600, problems),
    maxUploadBytes: readPositiveInteger(env, 'LINK_UPLOAD_MAX_BYTES', 10 * 1024 ** 3, problems),
  };
}
