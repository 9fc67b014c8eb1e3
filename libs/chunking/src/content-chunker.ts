import { createHash, type Hash } from 'node:crypto';
import type { Chunk, FileDigest } from './chunk.js';
import { MAX_CHUNK_SIZE } from './chunking-parameters.js';
import { findCutPoint } from './find-cut-point.js';

/** Size in bytes of the working buffer, which bounds a chunker's memory whatever the file size. */
export const WINDOW_SIZE = 4 * MAX_CHUNK_SIZE;

/**
 * Push-style content-defined chunker over a fixed window. The caller writes bytes into
 * `writableRegion()`, reports them with `append`, and takes chunks from `cut`. Each byte is hashed
 * twice (its chunk's SHA-256 and the whole file's) and moved at most once within the window.
 */
export class ContentChunker {
  private readonly window = Buffer.allocUnsafe(WINDOW_SIZE);
  private readonly fileHash: Hash = createHash('sha256');
  private start = 0;
  private end = 0;
  private offset = 0;

  /** Returns free space at the end of the window, moving pending bytes to the front if needed. */
  writableRegion(): Buffer {
    if (WINDOW_SIZE - this.end < MAX_CHUNK_SIZE && this.start > 0) {
      this.window.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    return this.window.subarray(this.end);
  }

  /** Records that `length` bytes were written at the start of the last writable region. */
  append(length: number): void {
    if (length < 0 || this.end + length > WINDOW_SIZE) {
      throw new RangeError(`invalid append of ${length} bytes at window position ${this.end}`);
    }
    this.end += length;
  }

  /**
   * Yields every chunk whose end is known: those within the pending bytes while at least
   * MAX_CHUNK_SIZE bytes are pending, and with `final` also the rest.
   */
  *cut(final: boolean): Generator<Chunk> {
    while (this.end - this.start >= MAX_CHUNK_SIZE || (final && this.end > this.start)) {
      const size = findCutPoint(this.window, this.start, this.end);
      const bytes = this.window.subarray(this.start, this.start + size);
      this.fileHash.update(bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      yield { offset: this.offset, size, sha256 };
      this.offset += size;
      this.start += size;
    }
  }

  /** Returns the whole-file digest; call it once, after `cut(true)` has finished. */
  digest(): FileDigest {
    return { size: this.offset, sha256: this.fileHash.digest('hex') };
  }
}
