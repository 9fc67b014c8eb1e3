import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CHUNK_STORE, type ChunkStore } from '@scaidrive/chunk-store';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { EVENT_STORE, type EventStore, type LogPosition } from '@scaidrive/event-store';
import { CHUNK_LOCK_SPACE, chunkLockKey } from './chunk-locks.js';

export interface ChunkCollectionReport {
  /**
   * False when the collection was skipped, because the versions read model did not reach the
   * log's head or the job stopped meanwhile. Nothing was removed then.
   */
  readonly ran: boolean;
  readonly chunksListed: number;
  readonly chunksRemoved: number;
  readonly uploadRowsRemoved: number;
}

/** Projection whose version_chunks rows are the references that keep a chunk. */
const VERSIONS_PROJECTION = 'file-versions';
const CATCH_UP_TIMEOUT_MS = 30_000;
const CATCH_UP_POLL_MS = 200;
const LISTING_BATCH = 500;
const UPLOAD_ROWS_BATCH = 10_000;

/** SQL for the start of the grace period: $now (or the database clock) minus $graceMs. */
const GRACE_START = (now: string, graceMs: string) =>
  `COALESCE(${now}::timestamptz, now()) - ${graceMs}::double precision * interval '1 millisecond'`;

const CANDIDATES = `
  SELECT hash AS sha256 FROM unnest($1::text[]) AS hash
  WHERE NOT EXISTS (SELECT 1 FROM version_chunks WHERE sha256 = hash)
    AND NOT EXISTS (
      SELECT 1 FROM chunk_uploads WHERE sha256 = hash AND uploaded_at >= ${GRACE_START('$3', '$2')})`;

/**
 * One statement reads one snapshot, so the checkpoint and version_chunks agree: the projection
 * writes both in one transaction, and a rebuild empties the table and removes the checkpoint in
 * one transaction. TRUNCATE waits for this statement's table locks, so it cannot empty the table
 * while the statement runs.
 */
const STILL_UNREFERENCED = `
  SELECT 1 AS unreferenced
  WHERE ($4::numeric IS NULL OR EXISTS (
      SELECT 1 FROM projection_checkpoints
      WHERE name = $6 AND (commit_position, prepare_position) >= ($4::numeric, $5::numeric)))
    AND NOT EXISTS (SELECT 1 FROM version_chunks WHERE sha256 = $1)
    AND NOT EXISTS (
      SELECT 1 FROM chunk_uploads WHERE sha256 = $1 AND uploaded_at >= ${GRACE_START('$3', '$2')})`;

const STALE_UPLOAD_ROWS = `
  DELETE FROM chunk_uploads WHERE ctid = ANY(ARRAY(
    SELECT ctid FROM chunk_uploads WHERE uploaded_at < ${GRACE_START('$2', '$1')} LIMIT $3))`;

/**
 * Removes chunks that no version references (committed, pending or rejected) and that no upload
 * or commit touched within the grace period, and the chunk_uploads rows older than the grace
 * period, which protect nothing any more.
 *
 * A commit touches its chunks' upload rows before it reads them and appends, and the touch and
 * the removal exclude each other through a per-chunk lock (see chunk-locks.ts). So a chunk is
 * removed only when its last touch is older than the grace period and no projected version lists
 * it. A commit appended but not projected yet touched its chunks moments before, so they stay.
 *
 * NOTE: that argument needs the file-versions projection to lag less than the grace period
 * (24 hours by default) behind every commit. The collector also skips a run while that
 * projection has not reached the log's head, which covers a rebuild that empties its tables.
 */
@Injectable()
export class ChunkCollector {
  private readonly logger = new Logger(ChunkCollector.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CHUNK_STORE) private readonly chunks: ChunkStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Runs one collection, until the signal aborts it. `now` replaces the clock, so tests can move
   * past the grace period.
   */
  async collect(
    options: { now?: Date; signal?: AbortSignal } = {},
  ): Promise<ChunkCollectionReport> {
    const head = await this.eventStore.headPosition();
    const skipped = { ran: false, chunksListed: 0, chunksRemoved: 0, uploadRowsRemoved: 0 };
    const reached = await this.versionsReached(head, options.signal);
    if (options.signal?.aborted) return skipped;
    if (!reached) {
      this.logger.warn({
        msg: 'chunk collection skipped: the file-versions projection lags behind the log',
        projection: VERSIONS_PROJECTION,
      });
      return skipped;
    }
    const now = options.now ?? null;
    const listedBefore = (options.now ?? new Date()).getTime() - this.config.retention.chunkGraceMs;
    let chunksListed = 0;
    let chunksRemoved = 0;
    let batch: string[] = [];
    for await (const chunk of this.chunks.list()) {
      if (options.signal?.aborted) break;
      chunksListed++;
      // Skipping recently written chunks spares an upload that is stored but not recorded yet.
      if (chunk.modifiedAt.getTime() > listedBefore) continue;
      batch.push(chunk.sha256);
      if (batch.length < LISTING_BATCH) continue;
      chunksRemoved += await this.collectBatch(batch, head, now);
      batch = [];
    }
    const finished = !options.signal?.aborted;
    if (finished && batch.length > 0) chunksRemoved += await this.collectBatch(batch, head, now);
    const uploadRowsRemoved = finished ? await this.removeStaleUploadRows(now) : 0;
    const report = { ran: true, chunksListed, chunksRemoved, uploadRowsRemoved };
    this.logger.log({ msg: 'chunk collection finished', ...report });
    return report;
  }

  /** Waits until the versions projection has applied every event up to head, within a bound. */
  private async versionsReached(head: LogPosition | null, signal?: AbortSignal): Promise<boolean> {
    if (head === null) return true;
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    for (;;) {
      const rows: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM projection_checkpoints
         WHERE name = $1 AND (commit_position, prepare_position) >= ($2::numeric, $3::numeric)`,
        [VERSIONS_PROJECTION, head.commit.toString(), head.prepare.toString()],
      );
      if (rows.length > 0) return true;
      if (Date.now() >= deadline || signal?.aborted) return false;
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
    }
  }

  private async collectBatch(
    hashes: readonly string[],
    head: LogPosition | null,
    now: Date | null,
  ): Promise<number> {
    const graceMs = this.config.retention.chunkGraceMs;
    const candidates: { sha256: string }[] = await this.dataSource.query(CANDIDATES, [
      hashes,
      graceMs,
      now,
    ]);
    let removed = 0;
    for (const { sha256 } of candidates) {
      try {
        if (await this.removeIfUnreferenced(sha256, head, now)) removed++;
      } catch (error) {
        this.logger.error({
          msg: 'chunk removal failed; the next collection retries it',
          sha256,
          err: (error as Error).message,
        });
      }
    }
    return removed;
  }

  /** Checks the chunk again under its exclusive lock and removes it if nothing keeps it. */
  private removeIfUnreferenced(
    sha256: string,
    head: LogPosition | null,
    now: Date | null,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (tx: EntityManager) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [
        CHUNK_LOCK_SPACE,
        chunkLockKey(sha256),
      ]);
      const unreferenced: unknown[] = await tx.query(STILL_UNREFERENCED, [
        sha256,
        this.config.retention.chunkGraceMs,
        now,
        head?.commit.toString() ?? null,
        head?.prepare.toString() ?? null,
        VERSIONS_PROJECTION,
      ]);
      if (unreferenced.length === 0) return false;
      // Deleted while the lock is held, so a touch waiting for it finds the chunk gone.
      await this.chunks.delete(sha256);
      await tx.query('DELETE FROM chunk_uploads WHERE sha256 = $1', [sha256]);
      return true;
    });
  }

  private async removeStaleUploadRows(now: Date | null): Promise<number> {
    let removed = 0;
    for (;;) {
      const runner = this.dataSource.createQueryRunner();
      try {
        const result = await runner.query(
          STALE_UPLOAD_ROWS,
          [this.config.retention.chunkGraceMs, now, UPLOAD_ROWS_BATCH],
          true,
        );
        const affected = Number(result.affected ?? 0);
        removed += affected;
        if (affected < UPLOAD_ROWS_BATCH) return removed;
      } finally {
        await runner.release();
      }
    }
  }
}
