import { type NodeRow, type NodeView } from '@scaidrive/projections';
import { type LinkRow } from './link-queries.js';

/** A node as a visitor gets it: no version ids and no paths above the link's target. */
export interface PublicNode {
  readonly id: string;
  readonly name: string;
  readonly kind: 'file' | 'folder';
  readonly size: number | null;
  readonly modifiedAt: string | null;
}

export function publicNode(node: NodeRow): PublicNode {
  return {
    id: node.id,
    name: node.name,
    kind: node.kind,
    size: node.kind === 'file' && node.size !== null ? Number(node.size) : null,
    modifiedAt: node.mtime === null ? null : new Date(node.mtime).toISOString(),
  };
}

export function publicChild(view: NodeView): PublicNode {
  return {
    id: view.id,
    name: view.name,
    kind: view.kind,
    size: view.version?.size ?? null,
    modifiedAt: view.version?.mtime ?? null,
  };
}

/** Returns what a link opens, for its landing page. */
export function publicLink(row: LinkRow, target: NodeRow) {
  return {
    access: row.access,
    target: row.target,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
    // A drop zone shows only where uploads go.
    node:
      row.access === 'upload'
        ? { id: target.id, name: target.name, kind: target.kind }
        : publicNode(target),
  };
}
