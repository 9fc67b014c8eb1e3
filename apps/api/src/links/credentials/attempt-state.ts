/** Failed unlocks of one throttled scope, as stored in a link_attempts row. */
export interface AttemptState {
  readonly failures: number;
  readonly windowStartedAt: Date;
  readonly lockedUntil: Date | null;
  /** Lock-outs so far, which double the next one. */
  readonly lockouts: number;
}

export interface AttemptPolicy {
  /** Failures within one window that start a lock-out. */
  readonly limit: number;
  readonly windowSeconds: number;
  /** Length of the first lock-out in seconds. */
  readonly lockoutSeconds: number;
}

/** Maximum lock-out in seconds, however many came before. */
export const MAX_LOCKOUT_SECONDS = 3600;

const SECOND_MS = 1000;

/**
 * Adds one failure at `now` to a scope's state and returns the new state. The count restarts
 * when its window has passed. Reaching the limit locks the scope for lockoutSeconds times 2 to
 * the power of earlier lock-outs, at most an hour, and starts a new count.
 *
 * A scope that stayed quiet for a whole window after its last lock-out ended starts over with no
 * lock-out history, so a shared address that once mistyped a password is not locked for an hour
 * forever after.
 */
export function addFailure(
  state: AttemptState | null,
  policy: AttemptPolicy,
  now: Date,
): AttemptState {
  const windowMs = policy.windowSeconds * SECOND_MS;
  let current = state ?? { failures: 0, windowStartedAt: now, lockedUntil: null, lockouts: 0 };
  if (now.getTime() - current.windowStartedAt.getTime() >= windowMs) {
    const lockEnd = current.lockedUntil?.getTime() ?? Number.NEGATIVE_INFINITY;
    const forgiven = now.getTime() - lockEnd >= windowMs;
    current = {
      failures: 0,
      windowStartedAt: now,
      lockedUntil: forgiven ? null : current.lockedUntil,
      lockouts: forgiven ? 0 : current.lockouts,
    };
  }
  const failures = current.failures + 1;
  if (failures < policy.limit) return { ...current, failures };

  const lockoutSeconds = Math.min(
    policy.lockoutSeconds * 2 ** current.lockouts,
    MAX_LOCKOUT_SECONDS,
  );
  return {
    failures: 0,
    windowStartedAt: now,
    lockedUntil: new Date(now.getTime() + lockoutSeconds * SECOND_MS),
    lockouts: current.lockouts + 1,
  };
}
