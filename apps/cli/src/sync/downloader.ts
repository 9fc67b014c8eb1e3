import { type Chunk, chunkFile, collectChunks } from '@scaidrive/chunking';
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { chmod, type FileHandle, mkdir, open, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LocalEntry } from '../local/local-entry.js';
import type { RemoteEntry } from '../remote/remote-tree.js';
import type { BaseEntry, RemoteVersion } from '../state/sync-state.js';
import { absolutePath, sameLocal, statLocal } from './local-paths.js';
import type { SyncContext } from './sync-context.js';
import { TransferError } from './transfer-error.js';

/** A download request: where to write, what to fetch, and what may be overwritten. */
export interface DownloadRequest {
  readonly path: string;
  readonly remote: RemoteEntry;
  /** The local file at `path` as scanned, or null when nothing may be there. */
  readonly expected: LocalEntry | null;
  /** A local file (relative path) whose chunks are reused, usually the old copy at `path`. */
  readonly reuseFrom: string | null;
}

/**
 * Downloads file versions into the state folder's temporary folder, verifies the whole-file
 * SHA-256, and renames the result into place with the version's mtime.
 */
export class Downloader {
  constructor(private readonly context: SyncContext) {}

  /** Returns the new base entry, or null when the local file changed meanwhile and was kept. */
  async download(request: DownloadRequest): Promise<BaseEntry | null> {
    const version = request.remote.version;
    if (!version) throw new TransferError(`${request.path} has no version to download`);
    const temporary = join(this.context.store.temporaryFolder, randomUUID());
    try {
      const sha256 = await this.fetchInto(temporary, request, version);
      if (sha256 !== version.sha256) {
        throw new TransferError(
          `downloaded ${request.path} has SHA-256 ${sha256}, expected ${version.sha256}`,
        );
      }
      const target = absolutePath(this.context.localRoot, request.path);
      const mtime = new Date(version.mtime);
      if (!Number.isNaN(mtime.getTime())) await utimes(temporary, mtime, mtime);
      await mkdir(dirname(target), { recursive: true });
      await keepMode(target, temporary);
      // The base takes the temporary file's metadata, which the rename keeps, so a local write
      // after the rename shows as a change. The target is checked last, so that a local write is
      // replaced only when it lands between that check and the rename.
      const written = await statLocal(temporary);
      if (!sameLocal(await statLocal(target), request.expected)) {
        this.context.stats.deferred += 1;
        this.context.reporter.warn(`kept ${request.path}: it changed locally during the sync`);
        return null;
      }
      await rename(temporary, target);
      this.context.stats.filesDownloaded += 1;
      return {
        nodeId: request.remote.nodeId,
        kind: 'file',
        versionId: version.id,
        sha256: version.sha256,
        size: version.size,
        mtimeMs: written?.mtimeMs ?? mtime.getTime(),
      };
    } finally {
      await rm(temporary, { force: true });
      this.context.reporter.progress.finishFile();
    }
  }

  private async fetchInto(
    temporary: string,
    request: DownloadRequest,
    version: RemoteVersion,
  ): Promise<string> {
    const output = await open(temporary, 'w');
    const hash = createHash('sha256');
    try {
      const source = request.reuseFrom && absolutePath(this.context.localRoot, request.reuseFrom);
      const reusable = source && version.size > 0 ? await statLocal(source) : null;
      if (source && reusable?.kind === 'file') {
        await this.writeFromChunks(output, hash, source, request.remote.nodeId, version);
      } else if (version.size > 0) {
        await this.writeWholeFile(output, hash, request.remote.nodeId, version);
      }
      await output.sync();
    } finally {
      await output.close();
    }
    return hash.digest('hex');
  }

  private async writeWholeFile(
    output: FileHandle,
    hash: Hash,
    fileId: string,
    version: RemoteVersion,
  ): Promise<void> {
    const body = await this.context.api.downloadVersion(fileId, version.id);
    for await (const part of body) {
      hash.update(part);
      await output.write(part);
      this.context.stats.bytesDownloaded += part.length;
      this.context.reporter.progress.advance(part.length);
    }
  }

  /** Writes a version chunk by chunk, reading from `source` every chunk it contains. */
  private async writeFromChunks(
    output: FileHandle,
    hash: Hash,
    source: string,
    fileId: string,
    version: RemoteVersion,
  ): Promise<void> {
    const { chunks } = await this.context.api.getVersion(fileId, version.id);
    const local = await collectChunks(chunkFile(source));
    const localByHash = new Map<string, Chunk>(local.chunks.map((chunk) => [chunk.sha256, chunk]));
    const input = await open(source, 'r');
    try {
      for (const chunk of chunks) {
        const reused = await readLocalChunk(input, localByHash.get(chunk.sha256));
        const bytes = reused ?? (await this.fetchChunk(chunk.sha256, chunk.size));
        if (reused) this.context.stats.chunksReused += 1;
        hash.update(bytes);
        await output.write(bytes);
        this.context.reporter.progress.advance(bytes.length);
      }
    } finally {
      await input.close();
    }
  }

  private async fetchChunk(sha256: string, size: number): Promise<Buffer> {
    const bytes = await this.context.api.getChunk(sha256);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256 || bytes.length !== size) {
      throw new TransferError(
        `chunk ${sha256} arrived with SHA-256 ${actual} and ${bytes.length} bytes`,
      );
    }
    this.context.stats.bytesDownloaded += bytes.length;
    return bytes;
  }
}

/** Gives the new content the permissions of the file it replaces, such as the executable bit. */
async function keepMode(target: string, temporary: string): Promise<void> {
  const existing = await stat(target).catch(() => null);
  if (existing?.isFile()) await chmod(temporary, existing.mode & 0o7777);
}

/** Reads a chunk of the local copy; returns null when it is absent or no longer matches. */
async function readLocalChunk(input: FileHandle, chunk: Chunk | undefined): Promise<Buffer | null> {
  if (!chunk) return null;
  const bytes = Buffer.allocUnsafe(chunk.size);
  const { bytesRead } = await input.read(bytes, 0, chunk.size, chunk.offset);
  if (bytesRead !== chunk.size) return null;
  const actual = createHash('sha256').update(bytes).digest('hex');
  return actual === chunk.sha256 ? bytes : null;
}
