import { type NodeSecurity } from '@scaidrive/domain';
/** A node as the API and the change feed show it. */
export interface NodeView {
  readonly id: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly path: string;
  readonly kind: 'file' | 'folder';
  readonly version: {
    readonly id: string;
    readonly number: number;
    readonly size: number;
    readonly sha256: string;
    readonly mtime: string;
  } | null;
  readonly updatedAt: string;
}

/** A row of the nodes table as pg returns it. */
export interface NodeRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly tree_id: string;
  readonly parent_id: string | null;
  readonly name: string;
  readonly kind: 'file' | 'folder';
  readonly path: string;
  readonly depth: number;
  readonly head_version_id: string | null;
  readonly head_version_number: number;
  readonly size: string | null;
  readonly sha256: string | null;
  readonly mtime: Date | null;
  readonly deleted: boolean;
  readonly updated_at: Date;
  /** Null while the node has the default security. */
  readonly security?: NodeSecurity | null;
}

export function toNodeView(row: NodeRow): NodeView {
  const hasVersion = row.kind === 'file' && row.head_version_id !== null;
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    path: row.path,
    kind: row.kind,
    version: hasVersion
      ? {
          id: row.head_version_id!,
          number: row.head_version_number,
          size: Number(row.size),
          sha256: row.sha256!,
          mtime: new Date(row.mtime!).toISOString(),
        }
      : null,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Path of a child: the parent's path and the name, with one slash between. */
export function childPath(parentPath: string, name: string): string {
  return parentPath === '/' ? `/${name}` : `${parentPath}/${name}`;
}
