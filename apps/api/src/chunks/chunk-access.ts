import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHUNK_STORE, type ChunkStore } from '@scaidrive/chunk-store';
import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { type NodeRow } from '@scaidrive/projections';
import { DriveAccess } from '../files/drive-access.js';
import { CHUNK_LOCK_SPACE, chunkLockKey } from './chunk-locks.js';
import { countNoun } from '../common/count-noun.js';

/**
 * Decides which chunks a caller may use. A hash alone proves nothing: a caller holds a chunk only
 * after uploading its bytes or when it belongs to a file the caller may read, so guessing or
 * learning a hash never grants access to content.
 */
@Injectable()
export class ChunkAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
    @Inject(CHUNK_STORE) private readonly chunks: ChunkStore,
  ) {}

  /**
   * Hashes among the given ones that the caller holds: uploaded by them, or in a version of a
   * file on which they have the READ right, entries included.
   */
  async held(principal: Principal, hashes: readonly string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const uploaded: { sha256: string }[] = await this.dataSource.query(
      'SELECT sha256 FROM chunk_uploads WHERE user_id = $1 AND sha256 = ANY($2)',
      [principal.userId, hashes],
    );
    const held = new Set(uploaded.map((row) => row.sha256));
    const rest = hashes.filter((hash) => !held.has(hash));
    if (rest.length === 0) return held;
    const nodes: (NodeRow & { chunk_sha256: string })[] = await this.dataSource.query(
      `SELECT DISTINCT ON (c.sha256, n.id) n.*, c.sha256 AS chunk_sha256
       FROM version_chunks c
       JOIN file_versions v ON v.id = c.version_id
       JOIN nodes n ON n.id = v.node_id
       WHERE v.tree_id = ANY($1) AND c.sha256 = ANY($2)`,
      [await this.access.readableTreeIds(principal), rest],
    );
    for (const node of await this.access.withRight(principal, nodes, 'READ'))
      held.add(node.chunk_sha256);
    return held;
  }

  /** Hashes the caller must upload: not held, or no longer in the store. */
  async missing(principal: Principal, hashes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(hashes)];
    const held = await this.held(principal, unique);
    const missing: string[] = [];
    for (const hash of unique) {
      if (!held.has(hash) || !(await this.chunks.has(hash))) missing.push(hash);
    }
    return missing;
  }

  /**
   * Records that the caller uploaded a chunk, which protects it from garbage collection for the
   * grace period. Throws CHUNK_MISSING when the collector removed the chunk in the moment between
   * storing and recording it, so the client uploads it again.
   */
  async recordUpload(principal: Principal, sha256: string, size: number): Promise<void> {
    await this.reserve(principal, [{ sha256, size }]);
  }

  /**
   * Touches the caller's chunk_uploads rows of the chunks (insert, or refresh uploaded_at) under
   * the shared chunk locks, then checks that every chunk is still stored. Afterwards the garbage
   * collector keeps them for the grace period, by which time the version that references them is
   * projected. Call it only for chunks the caller holds, because the rows also grant holding.
   * Returns each chunk's stored size, and throws CHUNK_MISSING listing the chunks that are gone.
   */
  async reserve(
    principal: Principal,
    chunks: readonly { sha256: string; size: number }[],
  ): Promise<Map<string, number>> {
    const sizes = new Map(chunks.map((chunk) => [chunk.sha256, chunk.size]));
    const hashes = [...sizes.keys()].sort();
    if (hashes.length === 0) return new Map();
    // One statement is one transaction, so the shared locks taken in its first part are held
    // until the rows are written, in a single round trip.
    await this.dataSource.query(
      `WITH locked AS (
         SELECT count(pg_advisory_xact_lock_shared($5, key)) AS n
         FROM (SELECT unnest($6::int[]) AS key ORDER BY 1) AS keys
       )
       INSERT INTO chunk_uploads (user_id, sha256, tenant_id, size)
       SELECT $1, chunk.sha256, $2, chunk.size
       FROM locked, unnest($3::text[], $4::int[]) AS chunk(sha256, size)
       ON CONFLICT (user_id, sha256) DO UPDATE SET uploaded_at = now()`,
      [
        principal.userId,
        principal.tenantId,
        hashes,
        hashes.map((hash) => sizes.get(hash)),
        CHUNK_LOCK_SPACE,
        hashes.map(chunkLockKey),
      ],
    );
    const stored = new Map<string, number>();
    const missing: string[] = [];
    for (const hash of hashes) {
      const size = await this.chunks.size(hash);
      if (size === null) missing.push(hash);
      else stored.set(hash, size);
    }
    if (missing.length > 0) {
      throw new DomainError(
        'CHUNK_MISSING',
        `${countNoun(missing.length, 'chunk')} must be uploaded again`,
        {
          missing,
        },
      );
    }
    return stored;
  }
}
