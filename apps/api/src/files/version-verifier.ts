import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CHUNK_STORE, type ChunkStore } from '@scaidrive/chunk-store';
import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { ChunkAccess } from '../chunks/chunk-access.js';
import { ChunkRefDto } from './dto/commit-version.dto.js';
import { countNoun } from '../common/count-noun.js';

/**
 * Checks a version before it is committed: its chunks are held by the caller and stored with the
 * listed sizes, the sizes add up, and the chunks' bytes hash to the whole-file SHA-256. It also
 * reserves the chunks against garbage collection until the version is projected.
 */
@Injectable()
export class VersionVerifier {
  constructor(
    private readonly access: ChunkAccess,
    @Inject(CHUNK_STORE) private readonly chunks: ChunkStore,
  ) {}

  async verify(
    principal: Principal,
    chunks: readonly ChunkRefDto[],
    size: number,
    sha256: string,
  ): Promise<void> {
    const total = chunks.reduce((sum, chunk) => sum + chunk.size, 0);
    if (total !== size) {
      throw new DomainError('INVALID_ARGUMENT', `chunk sizes add up to ${total}, not ${size}`, {
        size,
        chunkTotal: total,
      });
    }
    // Holding is checked here and presence in the store by the reservation below, which stats
    // every chunk once and reports the ones that are gone as CHUNK_MISSING too.
    const held = await this.access.held(
      principal,
      chunks.map((chunk) => chunk.sha256),
    );
    const missing = [...new Set(chunks.map((chunk) => chunk.sha256))].filter(
      (hash) => !held.has(hash),
    );
    if (missing.length > 0) {
      throw new DomainError(
        'CHUNK_MISSING',
        `${countNoun(missing.length, 'chunk')} must be uploaded first`,
        {
          missing,
        },
      );
    }
    // The touch comes before the content is read and the version appended, so the garbage
    // collector either removed a chunk already, which the reservation reports, or keeps it for
    // the grace period that covers this commit's projection.
    const stored = await this.access.reserve(principal, chunks);
    for (const chunk of chunks) {
      if (stored.get(chunk.sha256) !== chunk.size) {
        throw new DomainError(
          'INVALID_ARGUMENT',
          `chunk ${chunk.sha256} has ${stored.get(chunk.sha256)} bytes, not ${chunk.size}`,
          {
            sha256: chunk.sha256,
          },
        );
      }
    }
    const hash = createHash('sha256');
    for (const chunk of chunks) {
      for await (const piece of await this.chunks.get(chunk.sha256)) hash.update(piece as Buffer);
    }
    const actual = hash.digest('hex');
    if (actual !== sha256) {
      throw new DomainError('CHECKSUM_MISMATCH', 'the chunks do not hash to the file SHA-256', {
        expected: sha256,
        actual,
      });
    }
  }
}
