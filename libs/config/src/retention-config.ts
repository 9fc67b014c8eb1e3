type Env = Readonly<Record<string, string | undefined>>;

/** Schedule of the background job that applies retention policies and collects chunks. */
export interface RetentionConfig {
  /** Time in ms between two runs of the job; 0 turns the schedule off, so only direct calls run it. */
  readonly intervalMs: number;
  /** Minimum time in ms between two chunk garbage collections, which list the whole chunk store. */
  readonly chunkGcIntervalMs: number;
  /**
   * Time in ms after its last upload or commit during which a chunk that no version references
   * is kept. It must exceed the longest commit plus the projection lag.
   */
  readonly chunkGraceMs: number;
}

const SECOND_MS = 1000;
const HOUR_MS = 60 * 60 * SECOND_MS;

function readMilliseconds(
  env: Env,
  name: string,
  fallback: number,
  minimum: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < minimum) {
    problems.push(
      `${name} must be a whole number of milliseconds of at least ${minimum}, got ${JSON.stringify(raw)}`,
    );
    return fallback;
  }
  return value;
}

/**
 * Reads RETENTION_INTERVAL_MS (default 5 minutes), CHUNK_GC_INTERVAL_MS (default 1 hour) and
 * CHUNK_GC_GRACE_MS (default 24 hours), adding a message to problems for each invalid value.
 */
export function readRetentionConfig(env: Env, problems: string[]): RetentionConfig {
  let intervalMs = readMilliseconds(env, 'RETENTION_INTERVAL_MS', 5 * 60 * SECOND_MS, 0, problems);
  if (intervalMs > 0 && intervalMs < SECOND_MS) {
    problems.push(`RETENTION_INTERVAL_MS must be 0 or at least ${SECOND_MS}, got ${intervalMs}`);
    intervalMs = 5 * 60 * SECOND_MS;
  }
  return {
    intervalMs,
    chunkGcIntervalMs: readMilliseconds(env, 'CHUNK_GC_INTERVAL_MS', HOUR_MS, 0, problems),
    chunkGraceMs: readMilliseconds(env, 'CHUNK_GC_GRACE_MS', 24 * HOUR_MS, SECOND_MS, problems),
  };
}
