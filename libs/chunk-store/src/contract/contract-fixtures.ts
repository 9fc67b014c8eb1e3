import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ChunkStore } from '../chunk-store.port.js';

/** A store under test and how to release it. */
export interface ChunkStoreContractSubject {
  readonly store: ChunkStore;
  dispose(): Promise<void>;
}

/** Adapter properties that the contract depends on, known before the store exists. */
export interface ChunkStoreContractOptions {
  /**
   * True when the store can tell which of several concurrent puts of one chunk created it, so
   * exactly one of them reports `created: true`.
   */
  readonly exclusiveCreate: boolean;
  /**
   * Reason the server under test returns the whole object for the range `bytes=0-0`. Setting it
   * skips the first-byte case, so leave it out for servers that return one byte.
   */
  readonly rangeEndingAtByteZeroDefect?: string;
}

export type ChunkStoreContractFactory = () => Promise<ChunkStoreContractSubject>;

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Returns random bytes, so that tests sharing one store never upload the same chunk. */
export function uniqueBytes(length: number): Buffer {
  return randomBytes(length);
}

/** Streams bytes in pieces, as an HTTP request body arrives, instead of as one buffer. */
export function bodyOf(bytes: Buffer, pieceBytes = 64 * 1024): Readable {
  function* pieces(): Generator<Buffer> {
    for (let offset = 0; offset < bytes.length; offset += pieceBytes) {
      yield bytes.subarray(offset, offset + pieceBytes);
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}

/** Streams the first bytes and then fails, as a body does when the client disconnects. */
export function failingBody(bytes: Buffer, error: Error): Readable {
  async function* pieces(): AsyncGenerator<Buffer> {
    yield bytes.subarray(0, Math.floor(bytes.length / 2));
    throw error;
  }
  return Readable.from(pieces(), { objectMode: false });
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

/** Returns what the promise rejects with, or fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
