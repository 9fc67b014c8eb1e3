import { Readable } from 'node:stream';

/** Largest chunk the server accepts in one upload. */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

/** Result of storing a chunk. */
export interface PutChunkResult {
  /** False when the store already had a chunk with this hash. */
  readonly created: boolean;
  readonly size: number;
}

/** A chunk as a listing of the store returns it. */
export interface StoredChunk {
  readonly sha256: string;
  readonly size: number;
  /** When the store last wrote the chunk's bytes. */
  readonly modifiedAt: Date;
}

/**
 * Content-addressed storage of chunk bytes: a chunk's key is the SHA-256 of its bytes, so each
 * distinct chunk is stored once whatever file, user or tenant refers to it.
 */
export interface ChunkStore {
  /**
   * Stores bytes under their hash after checking that they hash to it; throws a DomainError
   * CHECKSUM_MISMATCH otherwise, or TOO_LARGE past MAX_CHUNK_BYTES, and stores nothing then.
   */
  put(sha256: string, body: Readable): Promise<PutChunkResult>;
  has(sha256: string): Promise<boolean>;
  /** Size in bytes, or null when the chunk is absent. */
  size(sha256: string): Promise<number | null>;
  /** Streams a chunk, or the inclusive byte range [start, end] of it. */
  get(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Removes a chunk. Removing an absent chunk succeeds. */
  delete(sha256: string): Promise<void>;
  /**
   * Lists every stored chunk in no particular order. A chunk put or deleted while the listing runs
   * may or may not appear.
   */
  list(): AsyncIterable<StoredChunk>;
}

export const CHUNK_STORE = Symbol('CHUNK_STORE');

export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
