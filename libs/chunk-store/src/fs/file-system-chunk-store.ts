import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@scaidrive/domain';
import {
  type ChunkStore,
  isSha256Hex,
  MAX_CHUNK_BYTES,
  type PutChunkResult,
  type StoredChunk,
} from '../chunk-store.port.js';

const FAN_OUT_DIRECTORY = /^[0-9a-f]{2}$/;

/** Names in a directory, or none when it was removed meanwhile. */
async function namesIn(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Chunks as files under root, fanned out by the first two bytes of the hash
 * (`ab/cd/abcd…`) so no directory grows past a few thousand entries.
 */
export class FileSystemChunkStore implements ChunkStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async init(): Promise<void> {
    await mkdir(join(this.root, 'incoming'), { recursive: true });
  }

  async put(sha256: string, body: Readable): Promise<PutChunkResult> {
    const temporary = join(this.root, 'incoming', randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > MAX_CHUNK_BYTES) {
          const message = `chunk is larger than ${MAX_CHUNK_BYTES} bytes`;
          callback(new DomainError('TOO_LARGE', message, { maxBytes: MAX_CHUNK_BYTES }));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(temporary, { flags: 'wx' }));
      const actual = hash.digest('hex');
      if (actual !== sha256) {
        throw new DomainError(
          'CHECKSUM_MISMATCH',
          'chunk bytes do not match the SHA-256 in the URL',
          {
            expected: sha256,
            actual,
          },
        );
      }
      return await this.publish(temporary, sha256, size);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /**
   * Moves a verified temporary file to its final name. A hard link fails when the chunk exists, so
   * two concurrent uploads of one chunk both succeed and exactly one reports that it created it.
   */
  private async publish(temporary: string, sha256: string, size: number): Promise<PutChunkResult> {
    const target = this.pathOf(sha256);
    await mkdir(join(target, '..'), { recursive: true });
    try {
      await link(temporary, target);
      return { created: true, size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false, size };
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async get(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const path = this.pathOf(sha256);
    if ((await this.size(sha256)) === null) {
      throw new DomainError('NOT_FOUND', `chunk ${sha256} not found`, { sha256 });
    }
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async delete(sha256: string): Promise<void> {
    await unlink(this.pathOf(sha256)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Walks the two fan-out levels and skips the `incoming` folder of unfinished uploads. */
  async *list(): AsyncIterable<StoredChunk> {
    for (const first of await namesIn(this.root)) {
      if (!FAN_OUT_DIRECTORY.test(first)) continue;
      for (const second of await namesIn(join(this.root, first))) {
        if (!FAN_OUT_DIRECTORY.test(second)) continue;
        for (const name of await namesIn(join(this.root, first, second))) {
          if (!isSha256Hex(name) || !name.startsWith(first + second)) continue;
          const stats = await stat(this.pathOf(name)).catch(() => null);
          if (stats?.isFile()) yield { sha256: name, size: stats.size, modifiedAt: stats.mtime };
        }
      }
    }
  }
}
