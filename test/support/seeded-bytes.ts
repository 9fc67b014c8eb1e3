import { createCipheriv, createHash } from 'node:crypto';

/**
 * Returns `length` pseudo-random bytes that depend only on `seed`: the AES-128-CTR keystream under
 * a key derived from the seed. Tests use it for large inputs that are identical on every run.
 */
export function seededBytes(length: number, seed: string): Buffer {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(length)), cipher.final()]);
}
