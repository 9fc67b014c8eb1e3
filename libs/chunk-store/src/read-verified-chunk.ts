import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError } from '@scaidrive/domain';
import { MAX_CHUNK_BYTES } from './chunk-store.port.js';

/** Bytes of a chunk read into memory, in the pieces the body stream delivered. */
export interface VerifiedChunk {
  readonly parts: readonly Buffer[];
  readonly size: number;
}

/**
 * Reads a chunk body into memory while hashing it. Throws a DomainError TOO_LARGE as soon as the
 * body passes MAX_CHUNK_BYTES, which also destroys the body, or CHECKSUM_MISMATCH when the bytes do
 * not hash to `sha256`, so memory use stays within one chunk.
 */
export async function readVerifiedChunk(sha256: string, body: Readable): Promise<VerifiedChunk> {
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  let size = 0;
  for await (const piece of body) {
    const part = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as string);
    size += part.length;
    if (size > MAX_CHUNK_BYTES) {
      const message = `chunk is larger than ${MAX_CHUNK_BYTES} bytes`;
      throw new DomainError('TOO_LARGE', message, { maxBytes: MAX_CHUNK_BYTES });
    }
    hash.update(part);
    parts.push(part);
  }
  const actual = hash.digest('hex');
  if (actual !== sha256) {
    const message = 'chunk bytes do not match the SHA-256 in the URL';
    throw new DomainError('CHECKSUM_MISMATCH', message, { expected: sha256, actual });
  }
  return { parts, size };
}
