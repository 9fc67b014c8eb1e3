import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { type BucketItem, Client } from 'minio';
import { DomainError } from '@scaidrive/domain';
import {
  type ChunkStore,
  isSha256Hex,
  type PutChunkResult,
  type StoredChunk,
} from '../chunk-store.port.js';
import { readVerifiedChunk, type VerifiedChunk } from '../read-verified-chunk.js';
import { type S3ChunkStoreSettings, toClientOptions } from './s3-client-options.js';

/** Maximum attempts of one upload. S3 returns 409 while a racing upload of the key is in flight. */
const CONDITIONAL_UPLOAD_ATTEMPTS = 3;

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/**
 * A HEAD of a missing key fails with the code NotFound, which the minio client sets for a bare 404,
 * and a GET fails with NoSuchKey.
 */
function isMissingObject(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'NotFound' || code === 'NoSuchKey';
}

/**
 * Chunks as objects of one bucket on an S3-compatible server, keyed `ab/cd/abcd…` like the
 * file-system store, which spreads keys over prefixes that S3 partitions its request rates by.
 */
export class S3ChunkStore implements ChunkStore {
  private readonly logger = new Logger(S3ChunkStore.name);
  private readonly client: Client;
  private readonly bucket: string;
  private readonly region: string;

  constructor(settings: S3ChunkStoreSettings) {
    this.client = new Client(toClientOptions(settings));
    this.bucket = settings.bucket;
    this.region = settings.region;
  }

  private keyOf(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  /** Creates the bucket when it is missing. */
  async init(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, this.region);
      this.logger.log({ bucket: this.bucket, region: this.region }, 'Bucket created');
    } catch (error) {
      // Another server process may have created it since bucketExists returned.
      if (errorCode(error) !== 'BucketAlreadyOwnedByYou') throw error;
    }
  }

  /**
   * Verifies the whole chunk in memory before sending any byte, then uploads it to its final key.
   * A PutObject becomes visible only when complete, and the minio client (v8) has the server check
   * the body against a signed SHA-256 over http or a Content-MD5 over https, so every object this
   * store writes under a chunk key contains bytes that matched the hash. A temporary key and a copy
   * would save no memory, because the client reads a body of up to its 64 MiB part size into memory
   * anyway, and would add a copy, a delete and orphaned objects after a crash.
   */
  async put(sha256: string, body: Readable): Promise<PutChunkResult> {
    const chunk = await readVerifiedChunk(sha256, body);
    const key = this.keyOf(sha256);
    // The HEAD skips uploading a chunk that is already stored, and is the only way to report
    // `created: false` on servers that ignore conditional writes.
    if ((await this.statSize(key)) !== null) return { created: false, size: chunk.size };
    return { created: await this.uploadIfAbsent(key, chunk), size: chunk.size };
  }

  /**
   * Uploads with `If-None-Match: *`, so that of several uploads racing for one key a server with
   * conditional writes (AWS S3, MinIO) lets exactly one create the object and rejects the others
   * with 412, which this reports as `false`.
   *
   * NOTE: a server without conditional writes, such as s3rver, overwrites the object with the same
   * verified bytes instead, so every racing upload that passed the existence check returns `true`.
   */
  private async uploadIfAbsent(key: string, chunk: VerifiedChunk): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const conditions = { 'If-None-Match': '*' };
        await this.client.putObject(
          this.bucket,
          key,
          Readable.from(chunk.parts),
          chunk.size,
          conditions,
        );
        return true;
      } catch (error) {
        const code = errorCode(error);
        if (code === 'PreconditionFailed') return false;
        // S3 returns 409 while another conditional upload of the key is in flight and asks the
        // client to retry, which then returns 412 when that upload succeeded.
        if (code !== 'ConditionalRequestConflict' || attempt >= CONDITIONAL_UPLOAD_ATTEMPTS) {
          throw error;
        }
        const fields = { bucket: this.bucket, key, attempt };
        this.logger.warn(fields, 'Retrying a chunk upload after a conditional write conflict');
      }
    }
  }

  private async statSize(key: string): Promise<number | null> {
    try {
      return (await this.client.statObject(this.bucket, key)).size;
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async size(sha256: string): Promise<number | null> {
    return this.statSize(this.keyOf(sha256));
  }

  async get(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const key = this.keyOf(sha256);
    try {
      if (!range) return await this.client.getObject(this.bucket, key);
      return await this.getRange(sha256, key, range.start, range.end);
    } catch (error) {
      if (isMissingObject(error)) {
        throw new DomainError('NOT_FOUND', `chunk ${sha256} not found`, { sha256 });
      }
      throw error;
    }
  }

  private async getRange(sha256: string, key: string, start: number, end: number) {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0) {
      throw new RangeError(`invalid byte range ${start}-${end} of chunk ${sha256}`);
    }
    // An inclusive range that ends before it starts selects no bytes. A Range header cannot express
    // it, because the client would drop the header and return the whole object.
    if (end < start) {
      if ((await this.statSize(key)) === null) {
        throw new DomainError('NOT_FOUND', `chunk ${sha256} not found`, { sha256 });
      }
      return Readable.from([]);
    }
    try {
      return await this.client.getPartialObject(this.bucket, key, start, end - start + 1);
    } catch (error) {
      // S3 returns 416 for a range that starts past the last byte. A file read returns no bytes
      // there, and this store does the same.
      if (errorCode(error) === 'InvalidRange') return Readable.from([]);
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    // S3 returns success when deleting a missing key, as the file-system store ignores a
    // missing file.
    await this.client.removeObject(this.bucket, this.keyOf(sha256));
  }

  /** Lists the bucket's chunk keys and skips objects under any other key. */
  async *list(): AsyncIterable<StoredChunk> {
    for await (const item of this.client.listObjectsV2(this.bucket, '', true)) {
      const object = item as BucketItem;
      if (object.name === undefined) continue;
      const sha256 = object.name.slice(6);
      if (!isSha256Hex(sha256) || object.name !== this.keyOf(sha256)) continue;
      yield { sha256, size: object.size, modifiedAt: object.lastModified };
    }
  }
}
