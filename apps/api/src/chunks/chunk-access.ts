import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHUNK_STORE, type ChunkStore } from '@scaidrive/chunk-store';
import { type Principal } from '../auth/principal.js';
import { DriveAccess } from '../files/drive-access.js';

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

  /** Hashes among the given ones that the caller holds. */
  async held(principal: Principal, hashes: readonly string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows: { sha256: string }[] = await this.dataSource.query(
      `SELECT sha256 FROM chunk_uploads WHERE user_id = $1 AND sha256 = ANY($2)
       UNION
       SELECT c.sha256 FROM version_chunks c JOIN file_versions v ON v.id = c.version_id
       WHERE v.tree_id = ANY($3) AND c.sha256 = ANY($2)`,
      [principal.userId, hashes, this.access.readableTreeIds(principal)],
    );
    return new Set(rows.map((row) => row.sha256));
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

  async recordUpload(principal: Principal, sha256: string, size: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO chunk_uploads (user_id, sha256, tenant_id, size) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, sha256) DO UPDATE SET uploaded_at = now()`,
      [principal.userId, sha256, principal.tenantId, size],
    );
  }
}
