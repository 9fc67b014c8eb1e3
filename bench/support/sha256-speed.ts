import { createHash, randomFillSync } from 'node:crypto';

export interface HashSpeed {
  /** Best of the passes, in 10^6 bytes per second. */
  readonly megabytesPerSecond: number;
  readonly bufferBytes: number;
  readonly passes: number;
}

/**
 * Measures single-core SHA-256 speed with Node's crypto (OpenSSL): hashes one random buffer
 * `passes` times on the main thread and keeps the fastest pass.
 */
export function measureSha256Speed(bufferBytes = 256 * 1024 * 1024, passes = 3): HashSpeed {
  const buffer = randomFillSync(Buffer.allocUnsafe(bufferBytes));
  let bestMs = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < passes; pass += 1) {
    const started = performance.now();
    createHash('sha256').update(buffer).digest();
    bestMs = Math.min(bestMs, performance.now() - started);
  }
  return { megabytesPerSecond: bufferBytes / 1e6 / (bestMs / 1000), bufferBytes, passes };
}
