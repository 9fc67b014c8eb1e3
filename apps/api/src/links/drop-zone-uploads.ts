import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CHUNK_STORE, type ChunkStore } from '@scaidrive/chunk-store';
import { chunkFile, collectChunks } from '@scaidrive/chunking';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { DomainError, normalizeName, numberedName } from '@scaidrive/domain';
import { ChunkAccess } from '../chunks/chunk-access.js';
import { CommitFileVersionCommand } from '../files/commands/commit-file-version.command.js';
import { type CommitVersionDto } from '../files/dto/commit-version.dto.js';
import { StorageQuota } from '../quota/storage-quota.js';
import { type OpenLink } from './link-gate.js';

/** Maximum names a drop-zone upload tries before it gives up on a folder full of look-alikes. */
const MAX_NAME_ATTEMPTS = 20;

/**
 * Takes a file into a drop zone: spools the body to the data folder, cuts it into chunks as the
 * sync clients do, stores them and commits the file as the link's creator. The commit adds a file
 * and never changes one, so a taken name gets a conflict copy beside it.
 */
@Injectable()
export class DropZoneUploads {
  constructor(
    private readonly commands: CommandBus,
    private readonly chunkAccess: ChunkAccess,
    private readonly quota: StorageQuota,
    @Inject(CHUNK_STORE) private readonly chunks: ChunkStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(
    open: OpenLink,
    rawName: string,
    body: Readable,
    declaredBytes: number | null,
  ): Promise<{ size: number; sha256: string }> {
    // Before any byte is read, so a bad name or size costs the visitor nothing.
    const name = normalizeName(rawName);
    const check = await this.sizeCheck(open);
    if (declaredBytes !== null) check(declaredBytes);
    const folder = join(this.config.dataDir, 'uploads');
    await mkdir(folder, { recursive: true });
    const spool = join(folder, randomUUID());
    try {
      let received = 0;
      const counter = new Transform({
        transform(piece: Buffer, _encoding, done) {
          received += piece.length;
          try {
            check(received);
            done(null, piece);
          } catch (error) {
            done(error as Error);
          }
        },
      });
      await pipeline(body, counter, createWriteStream(spool));
      const content = await collectChunks(chunkFile(spool));
      for (const chunk of content.chunks) {
        if (!(await this.chunks.has(chunk.sha256))) {
          const end = chunk.offset + chunk.size - 1;
          await this.chunks.put(
            chunk.sha256,
            createReadStream(spool, { start: chunk.offset, end }),
          );
        }
        await this.chunkAccess.recordUpload(open.creator, chunk.sha256, chunk.size);
      }
      const version: CommitVersionDto = {
        size: content.size,
        sha256: content.sha256,
        mtime: new Date().toISOString(),
        chunks: content.chunks.map((chunk) => ({ sha256: chunk.sha256, size: chunk.size })),
        conflictStrategy: 'KEEP_BOTH',
        baseVersionId: null,
      };
      await this.commitBeside(open, version, name);
      return { size: content.size, sha256: content.sha256 };
    } finally {
      await rm(spool, { force: true });
    }
  }

  /**
   * Commits the file under its name, or under a numbered one when a folder already has the name.
   * A NAME_CONFLICT would tell the visitor that the folder exists, which a drop zone never shows.
   */
  private async commitBeside(open: OpenLink, version: CommitVersionDto, name: string) {
    for (let attempt = 1; ; attempt++) {
      const candidate = attempt === 1 ? name : numberedName(name, attempt);
      try {
        await this.commands.execute(
          new CommitFileVersionCommand(open.creator, version, {
            parentId: open.target.id,
            name: candidate,
          }),
        );
        return;
      } catch (error) {
        const taken = error instanceof DomainError && error.code === 'NAME_CONFLICT';
        if (!taken || attempt >= MAX_NAME_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Returns a check that stops an upload as soon as it outgrows the configured maximum or what
   * the owner's quotas leave, so a drop zone cannot fill the disk with bytes it would reject.
   */
  private async sizeCheck(open: OpenLink): Promise<(bytes: number) => void> {
    const maxBytes = this.config.links.maxUploadBytes;
    const headroom = await this.quota.headroom(open.target.tree_id);
    return (bytes) => {
      if (bytes > maxBytes) {
        throw new DomainError('TOO_LARGE', `a drop zone takes files of at most ${maxBytes} bytes`, {
          maxBytes,
        });
      }
      if (headroom !== null && bytes > headroom) {
        throw new DomainError(
          'QUOTA_EXCEEDED',
          `the upload needs more than the ${headroom} bytes the owner's quota has left`,
          { availableBytes: headroom },
        );
      }
    };
  }
}
