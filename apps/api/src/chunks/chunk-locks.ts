/**
 * Transaction-level advisory locks per chunk, which order an upload's or commit's touch against
 * the garbage collector's deletion of the same chunk. Touches take the lock shared and the
 * collector takes it exclusive, so a touch either commits before the collector re-checks the
 * chunk, or waits until the chunk is gone and then finds it absent.
 *
 * The locks use PostgreSQL's two-key lock space, which does not overlap the single bigint keys of
 * the event store, the migration lock and the projection leases.
 */
export const CHUNK_LOCK_SPACE = 0x43484b53;

/** Second lock key of a chunk: its hash's first 32 bits. Two chunks that share it only wait. */
export function chunkLockKey(sha256: string): number {
  return Number.parseInt(sha256.slice(0, 8), 16) | 0;
}
