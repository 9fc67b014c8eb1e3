import { type Chunk, type ChunkedContent, chunkFile } from '@scaidrive/chunking';
import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { ApiError } from '../api/api-error.js';
import type { CommitContent, CommitResult } from '../api/api-types.js';
import type { LocalEntry } from '../local/local-entry.js';
import type { PlannedUpload } from '../plan/plan-push.js';
import { nameOf } from '../plan/relative-path.js';
import { absolutePath, sameLocal, statLocal } from './local-paths.js';
import { FileChangedError } from './file-changed-error.js';
import type { SyncContext } from './sync-context.js';

/** Chunk uploads of one file in flight at once. */
const CHUNKS_IN_FLIGHT = 4;

/** A local file after hashing, or `busy` when it changed while it was read. */
export type PreparedUpload =
  | {
      readonly type: 'hashed';
      readonly item: PlannedUpload;
      readonly content: ChunkedContent;
      readonly local: LocalEntry;
    }
  | { readonly type: 'busy' };

/** Result of sending a hashed file. */
export type UploadOutcome =
  | { readonly type: 'committed'; readonly result: CommitResult }
  /** A new file whose name another file took remotely since the pull. */
  | { readonly type: 'nameTaken' };

/**
 * Uploads one file in two steps: `prepare` chunks and hashes it, `send` queries which chunks the
 * server lacks, sends only those (read again from the file at their offsets) and commits.
 */
export class Uploader {
  constructor(private readonly context: SyncContext) {}

  async prepare(item: PlannedUpload): Promise<PreparedUpload> {
    const file = absolutePath(this.context.localRoot, item.path);
    const content = await this.chunk(file);
    const local = await statLocal(file);
    if (local === null || !sameLocal(local, item.local)) return { type: 'busy' };
    return { type: 'hashed', item, content, local };
  }

  async send(
    prepared: Extract<PreparedUpload, { type: 'hashed' }>,
    parentId: string,
  ): Promise<UploadOutcome> {
    const { item, content, local } = prepared;
    const file = absolutePath(this.context.localRoot, item.path);
    await this.sendMissingChunks(file, content.chunks);
    const commit: CommitContent = {
      size: content.size,
      sha256: content.sha256,
      mtime: new Date(local.mtimeMs).toISOString(),
      chunks: content.chunks.map(({ sha256, size }) => ({ sha256, size })),
    };
    try {
      const result = await this.commitWithRetry(file, item, parentId, commit, content.chunks);
      return { type: 'committed', result };
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'NAME_CONFLICT') throw error;
      return { type: 'nameTaken' };
    }
  }

  private async chunk(file: string): Promise<ChunkedContent> {
    const chunks: Chunk[] = [];
    const generator = chunkFile(file);
    for (;;) {
      const next = await generator.next();
      if (next.done) return { ...next.value, chunks };
      chunks.push(next.value);
      // Hashing is half of the work for a new file, so it fills half of the bar.
      this.context.reporter.progress.advance(next.value.size / 2);
    }
  }

  private async sendMissingChunks(file: string, chunks: readonly Chunk[]): Promise<void> {
    const unique = uniqueChunks(chunks);
    const missing = await this.context.api.missingChunks(unique.map((chunk) => chunk.sha256));
    await this.sendChunks(
      file,
      unique.filter((chunk) => missing.has(chunk.sha256)),
    );
    this.context.stats.chunksReused += chunks.length - missing.size;
    const skipped = chunks.filter((chunk) => !missing.has(chunk.sha256));
    this.context.reporter.progress.advance(skipped.reduce((sum, chunk) => sum + chunk.size, 0) / 2);
  }

  /**
   * Sends chunks with a few requests in flight, because one request at a time leaves the link and
   * the server idle while each chunk is read, sent and hashed on the other side.
   */
  private async sendChunks(file: string, chunks: readonly Chunk[]): Promise<void> {
    if (chunks.length === 0) return;
    const input = await open(file, 'r');
    try {
      let next = 0;
      const worker = async () => {
        while (next < chunks.length) {
          const chunk = chunks[next++];
          const bytes = await readChunk(input, chunk, file);
          await this.context.api.putChunk(chunk.sha256, bytes);
          this.context.stats.chunksUploaded += 1;
          this.context.stats.bytesUploaded += bytes.length;
          this.context.reporter.progress.advance(bytes.length / 2);
        }
      };
      const width = Math.min(CHUNKS_IN_FLIGHT, chunks.length);
      await Promise.all(Array.from({ length: width }, () => worker()));
    } finally {
      await input.close();
    }
  }

  /** Commits; when the server reports chunks missing (collected meanwhile), sends them once more. */
  private async commitWithRetry(
    file: string,
    item: PlannedUpload,
    parentId: string,
    commit: CommitContent,
    chunks: readonly Chunk[],
  ): Promise<CommitResult> {
    try {
      return await this.commit(item, parentId, commit);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'CHUNK_MISSING') throw error;
      const missing = new Set(missingHashes(error));
      await this.sendChunks(
        file,
        uniqueChunks(chunks).filter((chunk) => missing.has(chunk.sha256)),
      );
      return this.commit(item, parentId, commit);
    }
  }

  private commit(item: PlannedUpload, parentId: string, commit: CommitContent) {
    const { api } = this.context;
    if (item.base?.versionId) {
      return api.commitVersion(item.base.nodeId, item.base.versionId, commit);
    }
    return api.createFile(parentId, nameOf(item.path), commit);
  }
}

/** Returns the first chunk of each hash, because a file may repeat content. */
function uniqueChunks(chunks: readonly Chunk[]): Chunk[] {
  const unique = new Map<string, Chunk>();
  for (const chunk of chunks) if (!unique.has(chunk.sha256)) unique.set(chunk.sha256, chunk);
  return [...unique.values()];
}

/** Reads the hashes listed in a CHUNK_MISSING problem, under `missing` or `hashes`. */
function missingHashes(error: ApiError): string[] {
  const list = error.body.missing ?? error.body.hashes;
  return Array.isArray(list) ? list.filter((hash): hash is string => typeof hash === 'string') : [];
}

/** Reads a chunk at its offset and checks that the file still contains the bytes that were hashed. */
async function readChunk(input: FileHandle, chunk: Chunk, file: string): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(chunk.size);
  const { bytesRead } = await input.read(bytes, 0, chunk.size, chunk.offset);
  const actual = createHash('sha256').update(bytes.subarray(0, bytesRead)).digest('hex');
  if (bytesRead !== chunk.size || actual !== chunk.sha256) {
    throw new FileChangedError(`${file} changed while it was uploaded`);
  }
  return bytes;
}
