import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CHUNK_STORE, type ChunkStore } from '@scaidrive/chunk-store';
import { chunkFile, collectChunks } from '@scaidrive/chunking';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { normalizeName } from '@scaidrive/domain';
import { ChunkAccess } from '../chunks/chunk-access.js';
import { CommitFileVersionCommand } from '../files/commands/commit-file-version.command.js';
import { type CommitVersionDto } from '../files/dto/commit-version.dto.js';
import { type OpenLink } from './link-gate.js';

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
    @Inject(CHUNK_STORE) private readonly chunks: ChunkStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(
    open: OpenLink,
    rawName: string,
    body: Readable,
  ): Promise<{ size: number; sha256: string }> {
    // Before any byte is read, so a bad name costs the visitor nothing.
    const name = normalizeName(rawName);
    const folder = join(this.config.dataDir, 'uploads');
    await mkdir(folder, { recursive: true });
    const spool = join(folder, randomUUID());
    try {
      await pipeline(body, createWriteStream(spool));
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
      await this.commands.execute(
        new CommitFileVersionCommand(open.creator, version, { parentId: open.target.id, name }),
      );
      return { size: content.size, sha256: content.sha256 };
    } finally {
      await rm(spool, { force: true });
    }
  }
}
