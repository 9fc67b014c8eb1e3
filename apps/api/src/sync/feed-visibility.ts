import { type NodeSecurity, type SecurityIdentity, type TreeSecurity } from '@scaidrive/domain';
import { type NodeRow, toNodeView } from '@scaidrive/projections';
import { EntityManager } from 'typeorm';
import { VISIBLE } from '../files/drive-access.js';
import { type ListingKey } from './sync-cursor.js';

/** Payload of an access row of the feed: the node's security after and before the change. */
export interface AccessChange {
  readonly security: NodeSecurity;
  readonly previous: NodeSecurity | null;
}

/** Additions and removals that one page of an access change's subtree yields for a reader. */
export interface ExpansionPage {
  readonly changes: (
    | { op: 'upsert'; node: ReturnType<typeof toNodeView>; previousPath: null }
    | { op: 'delete'; nodeId: string; path: string; kind: string }
  )[];
  /** The last node examined, or null when the subtree is done. */
  readonly next: ListingKey | null;
}

/**
 * Decides what one reader sees of a tree: which feed rows to pass on, and which nodes an access
 * change shows or hides. Visibility is judged on the tree as it is now, so a client replaying
 * the feed converges on what it may see today.
 */
export class FeedVisibility {
  constructor(
    private readonly security: TreeSecurity,
    private readonly identity: SecurityIdentity,
  ) {}

  get plain(): boolean {
    return this.security.plain;
  }

  sees(node: Pick<NodeRow, 'id' | 'kind' | 'path'>): boolean {
    return (this.security.rights(node, this.identity) & VISIBLE) !== 0;
  }

  /**
   * Returns whether an access change on `node` can change what this reader may see. Probing the
   * node, a child file, a child folder and a grandchild file covers every inheritance flag. A
   * descendant with entries of its own falls back on the inherited ones exactly as a probe does.
   */
  affects(node: Pick<NodeRow, 'id' | 'kind' | 'path'>, change: AccessChange): boolean {
    const { before, after } = this.around(node, change);
    const base = node.path === '/' ? '' : node.path;
    const probes = [{ id: node.id, kind: node.kind, path: node.path }];
    if (node.kind === 'folder') {
      probes.push(
        { id: 'probe-file', kind: 'file', path: `${base}/\u0000f` },
        { id: 'probe-folder', kind: 'folder', path: `${base}/\u0000d` },
        { id: 'probe-deep', kind: 'file', path: `${base}/\u0000d/\u0000f` },
      );
    }
    return probes.some((probe) => before.sees(probe) !== after.sees(probe));
  }

  /** Returns whether a node moved from `previousPath` became visible or hidden to this reader. */
  moveChanges(node: Pick<NodeRow, 'id' | 'kind' | 'path'>, previousPath: string): boolean {
    return this.sees({ ...node, path: previousPath }) !== this.sees(node);
  }

  /** Reads one page of the subtree below `node` and keeps the nodes that an access change showed or hid. */
  expandAccess(
    tx: EntityManager,
    node: NodeRow,
    change: AccessChange,
    after: ListingKey | null,
    limit: number,
  ): Promise<ExpansionPage> {
    const { before, after: now } = this.around(node, change);
    const same = (row: NodeRow) => row;
    return this.expand(tx, node, { before, now, earlier: same }, after, limit);
  }

  /** Reads one page of the subtree of a moved folder and keeps the nodes the move showed or hid. */
  expandMove(
    tx: EntityManager,
    node: NodeRow,
    previousPath: string,
    after: ListingKey | null,
    limit: number,
  ): Promise<ExpansionPage> {
    const earlier = (row: NodeRow): NodeRow => ({
      ...row,
      path: previousPath + row.path.slice(node.path.length),
    });
    return this.expand(tx, node, { before: this, now: this, earlier }, after, limit);
  }

  private async expand(
    tx: EntityManager,
    node: NodeRow,
    views: { before: FeedVisibility; now: FeedVisibility; earlier: (row: NodeRow) => NodeRow },
    after: ListingKey | null,
    limit: number,
  ): Promise<ExpansionPage> {
    const key = after ?? { depth: -1, path: '', id: '00000000-0000-0000-0000-000000000000' };
    const prefix = node.path === '/' ? '/' : `${node.path}/`;
    const rows: NodeRow[] = await tx.query(
      `SELECT * FROM nodes
       WHERE tree_id = $1 AND NOT deleted AND parent_id IS NOT NULL
         AND (id = $2 OR left(path, length($3)) = $3)
         AND (depth, path, id) > ($4, $5, $6)
       ORDER BY depth, path, id LIMIT $7`,
      [node.tree_id, node.id, prefix, key.depth, key.path, key.id, limit + 1],
    );
    const page = rows.slice(0, limit);
    const changes: ExpansionPage['changes'] = [];
    for (const row of page) {
      const earlier = views.earlier(row);
      const was = views.before.sees(earlier);
      const is = views.now.sees(row);
      if (!was && is) changes.push({ op: 'upsert', node: toNodeView(row), previousPath: null });
      if (was && !is) {
        changes.push({ op: 'delete', nodeId: row.id, path: earlier.path, kind: row.kind });
      }
    }
    const last = page[page.length - 1];
    const next =
      rows.length > limit && last ? { depth: last.depth, path: last.path, id: last.id } : null;
    return { changes, next };
  }

  private around(node: Pick<NodeRow, 'id' | 'kind' | 'path'>, change: AccessChange) {
    const at = { id: node.id, kind: node.kind };
    return {
      before: new FeedVisibility(this.security.with(node.path, at, change.previous), this.identity),
      after: new FeedVisibility(this.security.with(node.path, at, change.security), this.identity),
    };
  }
}
