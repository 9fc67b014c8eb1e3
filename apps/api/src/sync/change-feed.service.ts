import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@scaidrive/domain';
import { comparePositions, type LogPosition } from '@scaidrive/event-store';
import { CheckpointStore, type NodeRow, type NodeView, toNodeView } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';
import { DriveAccess, type TreeGrant } from '../files/drive-access.js';
import { type AccessChange, FeedVisibility } from './feed-visibility.js';
import { FeedNotifier } from './feed-notifier.js';
import {
  decodeCursor,
  encodeCursor,
  type ListingKey,
  MAX_SEQ,
  type SyncCursor,
} from './sync-cursor.js';

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
  op: 'upsert' | 'delete' | 'conflict' | 'access';
  kind: string;
  path: string;
  previous_path: string | null;
  node: unknown;
}

// Rows of one event are numbered from 0; this seq sorts after every row of its event.
const AFTER_EVENT = MAX_SEQ;
const FEED_PROJECTION = 'drive-tree';

/** The caller and the tree whose feed they follow; treeId is null for their personal drive. */
interface FeedScope {
  readonly principal: Principal;
  readonly treeId: string | null;
  /** The tree's id, the personal drive's included. */
  readonly tree: string;
  readonly grant: TreeGrant;
}

/**
 * Serves the per-user change feed of one tree (the personal drive or a share) from the
 * change_feed read model. Each page is read in one
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
    treeId: string | null = null,
  ): Promise<ChangePage> {
    const scope = await this.scope(principal, treeId);
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      let wake!: () => void;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      // Subscribing before reading closes the gap in which a change could slip by unannounced.
      const cancel =
        waitSeconds > 0 ? await this.notifier.subscribe([scope.tree], wake) : () => undefined;
      try {
        const page = await this.page(scope, cursorText, limit);
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

  /** Checks that the caller reaches the tree; a tree they cannot reach is not found. */
  private async scope(principal: Principal, treeId: string | null): Promise<FeedScope> {
    const tree = treeId ?? principal.driveId;
    const grant = await this.access.grant(principal, tree);
    if (!grant) throw new DomainError('NOT_FOUND', `tree ${tree} not found`, { treeId });
    return { principal, treeId: tree === principal.driveId ? null : tree, tree, grant };
  }

  /** Returns the caller's view of the tree, read in the page's snapshot. */
  private async visibility(tx: EntityManager, scope: FeedScope): Promise<FeedVisibility> {
    // The full identity even for a tree without entries: an access row may add some.
    const [security, identity] = await Promise.all([
      this.access.treeSecurity(scope.tree, tx),
      this.access.identity(scope.principal, scope.grant),
    ]);
    return new FeedVisibility(security, identity);
  }

  private async page(
    scope: FeedScope,
    cursorText: string | undefined,
    limit: number,
  ): Promise<ChangePage> {
    const { principal } = scope;
    const cursor = cursorText
      ? decodeCursor(cursorText, principal.tenantId, principal.userId, scope.treeId)
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
      const visibility = await this.visibility(tx, scope);
      if (!cursor || cursor.listing) {
        const at = cursor?.position ?? checkpoint;
        return this.listing(tx, scope, visibility, at, cursor?.listing ?? null, limit);
      }
      return this.changes(tx, scope, visibility, cursor, checkpoint, limit);
    });
  }

  private cursorAt(
    scope: FeedScope,
    position: LogPosition,
    seq: number,
    listing: ListingKey | null,
    expansion: ListingKey | null = null,
  ) {
    return encodeCursor({
      tenantId: scope.principal.tenantId,
      userId: scope.principal.userId,
      treeId: scope.treeId,
      position,
      seq,
      listing,
      expansion,
    });
  }

  /**
   * Lists the drive as upserts, parents before children. Pages after the first read the current
   * tree, and the feed then replays everything after the first page's position, so a client
   * converges even when the tree changes while it lists.
   */
  private async listing(
    tx: EntityManager,
    scope: FeedScope,
    visibility: FeedVisibility,
    at: LogPosition,
    after: ListingKey | null,
    limit: number,
  ): Promise<ChangePage> {
    const key = after ?? { depth: 0, path: '', id: '00000000-0000-0000-0000-000000000000' };
    const rows: NodeRow[] = await tx.query(
      `SELECT * FROM nodes
       WHERE tree_id = $1 AND NOT deleted AND parent_id IS NOT NULL
         AND (depth, path, id) > ($2, $3, $4)
       ORDER BY depth, path, id LIMIT $5`,
      [scope.tree, key.depth, key.path, key.id, limit + 1],
    );
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const changes: Change[] = page
      .filter((row) => visibility.sees(row))
      .map((row) => ({ op: 'upsert', node: toNodeView(row), previousPath: null }));
    const last = page[page.length - 1];
    const cursor = hasMore
      ? this.cursorAt(scope, at, 0, { depth: last.depth, path: last.path, id: last.id })
      : this.cursorAt(scope, at, AFTER_EVENT, null);
    return { changes, cursor, hasMore, reset: false };
  }

  private async changes(
    tx: EntityManager,
    scope: FeedScope,
    visibility: FeedVisibility,
    cursor: SyncCursor,
    checkpoint: LogPosition,
    limit: number,
  ): Promise<ChangePage> {
    // While an access change is spelled out, its own row is read again and resumed.
    const comparison = cursor.expansion ? '>=' : '>';
    const rows: FeedRow[] = await tx.query(
      `SELECT commit_position, prepare_position, seq, node_id, op, kind, path, previous_path, node
       FROM change_feed
       WHERE tree_id = $1 AND (commit_position, prepare_position, seq) ${comparison} ($2, $3, $4)
       ORDER BY commit_position, prepare_position, seq LIMIT $5`,
      [
        scope.tree,
        cursor.position.commit.toString(),
        cursor.position.prepare.toString(),
        cursor.seq,
        limit + 1,
      ],
    );
    const current = await this.currentNodes(tx, visibility, rows);
    const changes: Change[] = [];
    let seen: FeedRow | null = null;
    for (const row of rows.slice(0, limit)) {
      const node = current.get(row.node_id);
      const expansion = node ? this.expansionOf(visibility, row, node) : null;
      if (expansion) {
        // A change spelled out node by node gets pages of its own, so its resume point fits in
        // the cursor.
        if (changes.length > 0) break;
        const resumed = row === rows[0] && cursor.expansion ? cursor.expansion : null;
        const expanded = await expansion(tx, resumed, limit);
        changes.push(...expanded.changes);
        if (expanded.next) {
          const next = this.cursorAt(scope, positionOf(row), row.seq, null, expanded.next);
          return { changes, cursor: next, hasMore: true, reset: false };
        }
      } else if (row.op !== 'access' && (!node || visibility.sees(node))) {
        changes.push(toChange(row));
      } else if (row.op === 'upsert' && row.previous_path && node) {
        // A file moved out of the reader's sight leaves where they last saw it.
        if (visibility.sees({ ...node, path: row.previous_path })) {
          changes.push({ op: 'delete', nodeId: node.id, path: row.previous_path, kind: node.kind });
        }
      }
      seen = row;
    }
    const done = seen !== null && seen === rows[Math.min(rows.length, limit) - 1];
    if (rows.length <= limit && (done || rows.length === 0)) {
      // Everything up to the checkpoint is in this snapshot, so the next poll can start after it.
      return {
        changes,
        cursor: this.cursorAt(scope, checkpoint, AFTER_EVENT, null),
        hasMore: false,
        reset: false,
      };
    }
    const cursorText = seen
      ? this.cursorAt(scope, positionOf(seen), seen.seq, null)
      : this.cursorAt(scope, cursor.position, cursor.seq, null);
    return { changes, cursor: cursorText, hasMore: true, reset: false };
  }

  /**
   * Returns the expansion a row needs for this reader: an access change that can change what they see,
   * or a folder moved into or out of their sight. Null for a row passed on as it is.
   */
  private expansionOf(visibility: FeedVisibility, row: FeedRow, node: NodeRow) {
    if (row.op === 'access') {
      const change = row.node as AccessChange;
      if (!visibility.affects(node, change)) return null;
      return (tx: EntityManager, after: ListingKey | null, limit: number) =>
        visibility.expandAccess(tx, node, change, after, limit);
    }
    const previousPath = row.previous_path;
    if (row.op !== 'upsert' || !previousPath || node.kind !== 'folder' || visibility.plain) {
      return null;
    }
    if (!visibility.moveChanges(node, previousPath)) return null;
    return (tx: EntityManager, after: ListingKey | null, limit: number) =>
      visibility.expandMove(tx, node, previousPath, after, limit);
  }

  /** The rows' nodes as they are now; an empty map while no node of the tree is secured. */
  private async currentNodes(
    tx: EntityManager,
    visibility: FeedVisibility,
    rows: readonly FeedRow[],
  ): Promise<Map<string, NodeRow>> {
    const needed = rows.filter((row) => row.op === 'access' || !visibility.plain);
    if (needed.length === 0) return new Map();
    const nodes: NodeRow[] = await tx.query('SELECT * FROM nodes WHERE id = ANY($1)', [
      [...new Set(needed.map((row) => row.node_id))],
    ]);
    return new Map(nodes.map((node) => [node.id, node]));
  }
}

function positionOf(row: FeedRow): LogPosition {
  return { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };
}

function toChange(row: FeedRow): Change {
  if (row.op === 'upsert') {
    return { op: 'upsert', node: row.node as NodeView, previousPath: row.previous_path };
  }
  if (row.op === 'conflict') return { op: 'conflict', conflict: row.node };
  return { op: 'delete', nodeId: row.node_id, path: row.path, kind: row.kind };
}
