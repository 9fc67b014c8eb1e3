import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@scaidrive/domain';
import { comparePositions, type LogPosition } from '@scaidrive/event-store';
import { CheckpointStore, type NodeRow, type NodeView, toNodeView } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';
import { DriveAccess } from '../files/drive-access.js';
import { FeedNotifier } from './feed-notifier.js';
import { encodeCursor, type ListingKey, type SyncCursor, decodeCursor } from './sync-cursor.js';

export type Change =
  | {
      readonly op: 'upsert';
      readonly node: NodeView;
      readonly previousPath: string | null;
    }
  | {
      readonly op: 'delete';
      readonly nodeId: string;
      readonly path: string;
      readonly kind: string;
    }
  | { readonly op: 'conflict'; readonly conflict: unknown };

export interface ChangePage {
  readonly changes: Change[];
  readonly cursor: string;
  readonly hasMore: boolean;
  readonly reset: boolean;
}

interface FeedRow {
  commit_position: string;
  prepare_position: string;
  seq: number;
  node_id: string;
  op: 'upsert' | 'delete' | 'conflict';
  kind: string;
  path: string;
  previous_path: string | null;
  node: unknown;
}

// Rows of one event are numbered from 0; this seq sorts after every row of its event.
const AFTER_EVENT = 2_147_483_647;
const FEED_PROJECTION = 'drive-tree';

/**
 * Serves the per-user change feed from the change_feed read model. Each page is read in one
 * REPEATABLE READ snapshot together with the projection checkpoint, so a page and its cursor
 * always agree.
 */
@Injectable()
export class ChangeFeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
    private readonly notifier: FeedNotifier,
  ) {}

  /**
   * Returns a page as soon as it has changes, or after waitSeconds without any. Each check is one
   * snapshot read, and checks run only when a drive of the caller announces new rows.
   */
  async poll(
    principal: Principal,
    cursorText: string | undefined,
    limit: number,
    waitSeconds: number,
  ): Promise<ChangePage> {
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      let wake!: () => void;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      // Subscribing before reading closes the gap in which a change could slip by unannounced.
      const cancel =
        waitSeconds > 0
          ? await this.notifier.subscribe(this.access.readableTreeIds(principal), wake)
          : () => undefined;
      try {
        const page = await this.page(principal, cursorText, limit);
        const remaining = deadline - Date.now();
        if (page.changes.length > 0 || page.hasMore || remaining <= 0) return page;
        cursorText = page.cursor;
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          woken.then(() => false),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), remaining))),
        ]);
        // A woken poll must not leave its timer behind, or it keeps the process alive at exit.
        clearTimeout(timer);
        if (timedOut) return { ...page, cursor: cursorText };
      } finally {
        cancel();
      }
    }
  }

  async page(
    principal: Principal,
    cursorText: string | undefined,
    limit: number,
  ): Promise<ChangePage> {
    const cursor = cursorText
      ? decodeCursor(cursorText, principal.tenantId, principal.userId)
      : null;
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const checkpoint = (await CheckpointStore.read(tx, FEED_PROJECTION)) ?? {
        commit: 0n,
        prepare: 0n,
      };
      if (cursor && comparePositions(cursor.position, checkpoint) > 0) {
        throw new DomainError('INVALID_ARGUMENT', 'invalid cursor: it is ahead of the server', {
          reason: 'future position',
        });
      }
      if (!cursor || cursor.listing) {
        const at = cursor?.position ?? checkpoint;
        return this.listing(tx, principal, at, cursor?.listing ?? null, limit);
      }
      return this.changes(tx, principal, cursor, checkpoint, limit);
    });
  }

  private cursorAt(
    principal: Principal,
    position: LogPosition,
    seq: number,
    listing: ListingKey | null,
  ) {
    return encodeCursor({
      tenantId: principal.tenantId,
      userId: principal.userId,
      position,
      seq,
      listing,
    });
  }

  /**
   * Lists the drive as upserts, parents before children. Pages after the first read the current
   * tree, and the feed then replays everything after the first page's position, so a client
   * converges even when the tree changes while it lists.
   */
  private async listing(
    tx: EntityManager,
    principal: Principal,
    at: LogPosition,
    after: ListingKey | null,
    limit: number,
  ): Promise<ChangePage> {
    const key = after ?? { depth: 0, path: '', id: '00000000-0000-0000-0000-000000000000' };
    const rows: NodeRow[] = await tx.query(
      `SELECT * FROM nodes
       WHERE tree_id = ANY($1) AND NOT deleted AND parent_id IS NOT NULL
         AND (depth, path, id) > ($2, $3, $4)
       ORDER BY depth, path, id LIMIT $5`,
      [this.access.readableTreeIds(principal), key.depth, key.path, key.id, limit + 1],
    );
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const changes: Change[] = page.map((row) => ({
      op: 'upsert',
      node: toNodeView(row),
      previousPath: null,
    }));
    const last = page[page.length - 1];
    const cursor = hasMore
      ? this.cursorAt(principal, at, 0, { depth: last.depth, path: last.path, id: last.id })
      : this.cursorAt(principal, at, AFTER_EVENT, null);
    return { changes, cursor, hasMore, reset: false };
  }

  private async changes(
    tx: EntityManager,
    principal: Principal,
    cursor: SyncCursor,
    checkpoint: LogPosition,
    limit: number,
  ): Promise<ChangePage> {
    const rows: FeedRow[] = await tx.query(
      `SELECT commit_position, prepare_position, seq, node_id, op, kind, path, previous_path, node
       FROM change_feed
       WHERE tree_id = ANY($1) AND (commit_position, prepare_position, seq) > ($2, $3, $4)
       ORDER BY commit_position, prepare_position, seq LIMIT $5`,
      [
        this.access.readableTreeIds(principal),
        cursor.position.commit.toString(),
        cursor.position.prepare.toString(),
        cursor.seq,
        limit + 1,
      ],
    );
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const changes: Change[] = page.map((row): Change => {
      if (row.op === 'upsert') {
        return { op: 'upsert', node: row.node as NodeView, previousPath: row.previous_path };
      }
      if (row.op === 'conflict') return { op: 'conflict', conflict: row.node };
      return { op: 'delete', nodeId: row.node_id, path: row.path, kind: row.kind };
    });
    if (hasMore) {
      const last = page[page.length - 1];
      const position = {
        commit: BigInt(last.commit_position),
        prepare: BigInt(last.prepare_position),
      };
      return {
        changes,
        cursor: this.cursorAt(principal, position, last.seq, null),
        hasMore,
        reset: false,
      };
    }
    // Everything up to the checkpoint is in this snapshot, so the next poll can start after it.
    return {
      changes,
      cursor: this.cursorAt(principal, checkpoint, AFTER_EVENT, null),
      hasMore: false,
      reset: false,
    };
  }
}
