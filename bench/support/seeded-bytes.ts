import { createCipheriv, createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

const BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Creates the AES-128-CTR keystream under a key derived from `seed`: incompressible bytes that are
 * the same on every run and cost far less CPU than the SHA-256 the sync path spends on them.
 */
function keystream(seed: string) {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
}

/** Returns `length` pseudo-random bytes that depend only on `seed`. */
export function seededBytes(length: number, seed: string): Buffer {
  const cipher = keystream(seed);
  return Buffer.concat([cipher.update(Buffer.alloc(length)), cipher.final()]);
}

async function* seededBlocks(length: number, seed: string): AsyncGenerator<Buffer> {
  const cipher = keystream(seed);
  const zeros = Buffer.alloc(BLOCK_BYTES);
  for (let written = 0; written < length; written += BLOCK_BYTES) {
    yield cipher.update(zeros.subarray(0, Math.min(BLOCK_BYTES, length - written)));
  }
}

/** Writes `length` pseudo-random bytes that depend only on `seed` to a new file at `path`. */
export async function writeSeededFile(path: string, length: number, seed: string): Promise<void> {
  await pipeline(seededBlocks(length, seed), createWriteStream(path));
}
