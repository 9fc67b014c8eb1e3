import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, normalizeName } from '@scaidrive/domain';
import { type NodeRow, type NodeView, toNodeView } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';
import { DriveAccess } from './drive-access.js';

export interface VersionView {
  readonly id: string;
  readonly nodeId: string;
  readonly number: number;
  readonly size: number;
  readonly sha256: string;
  readonly mtime: string;
  readonly createdAt: string;
  readonly actorId: string;
}

interface VersionRow {
  id: string;
  node_id: string;
  tree_id: string;
  tenant_id: string;
  number: number;
  size: string;
  sha256: string;
  mtime: Date;
  created_at: Date;
  actor_id: string;
}

export interface VersionChunk {
  readonly sha256: string;
  readonly size: number;
  readonly offset: number;
}

function toVersionView(row: VersionRow): VersionView {
  return {
    id: row.id,
    nodeId: row.node_id,
    number: row.number,
    size: Number(row.size),
    sha256: row.sha256,
    mtime: new Date(row.mtime).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    actorId: row.actor_id,
  };
}

/** Reads nodes and versions from the read models, limited to what the caller may reach. */
@Injectable()
export class NodeQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
  ) {}

  async node(principal: Principal, nodeId: string): Promise<NodeView> {
    return toNodeView(await this.access.requireNode(principal, nodeId));
  }

  /**
   * Finds the node at a path in a tree the caller reaches, their personal drive when `treeId` is
   * absent. A tree they cannot reach and a node they cannot see both throw NOT_FOUND.
   */
  async nodeByPath(principal: Principal, rawPath: string, treeId?: string): Promise<NodeView> {
    const tree = treeId ?? principal.driveId;
    if (!(await this.access.grant(principal, tree))) {
      throw new DomainError('NOT_FOUND', `tree ${tree} not found`, { treeId: tree });
    }
    const names = rawPath.split('/').filter((part) => part !== '');
    let path = '';
    for (const name of names) path += `/${normalizeName(name)}`;
    const rows: NodeRow[] = await this.dataSource.query(
      `SELECT * FROM nodes WHERE tree_id = $1 AND tenant_id = $2 AND path = $3 AND NOT deleted`,
      [tree, principal.tenantId, path === '' ? '/' : path],
    );
    const visible = await this.access.visible(principal, rows);
    if (visible.length === 0)
      throw new DomainError('NOT_FOUND', `nothing at ${rawPath}`, { path: rawPath });
    return toNodeView(visible[0]);
  }

  async children(principal: Principal, folderId: string): Promise<NodeView[]> {
    const folder = await this.access.requireNode(principal, folderId, { right: 'LIST' });
    if (folder.kind !== 'folder') {
      throw new DomainError('NOT_A_FOLDER', `node ${folderId} is not a folder`, {
        nodeId: folderId,
      });
    }
    const rows: NodeRow[] = await this.dataSource.query(
      'SELECT * FROM nodes WHERE parent_id = $1 AND NOT deleted ORDER BY name',
      [folderId],
    );
    // Like access-based enumeration on a Windows share: what the caller cannot see is not listed.
    return (await this.access.visible(principal, rows)).map(toNodeView);
  }

  async versions(principal: Principal, nodeId: string): Promise<VersionView[]> {
    const node = await this.access.requireNode(principal, nodeId, { right: 'READ' });
    if (node.kind !== 'file') throw new DomainError('NOT_A_FILE', `node ${nodeId} is a folder`);
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT * FROM file_versions WHERE node_id = $1 AND state = 'committed' ORDER BY number DESC`,
      [nodeId],
    );
    return rows.map(toVersionView);
  }

  /** One version of a file the caller may reach; the head when versionId is absent. */
  async version(principal: Principal, nodeId: string, versionId?: string): Promise<VersionView> {
    const node = await this.access.requireNode(principal, nodeId, { right: 'READ' });
    if (node.kind !== 'file') throw new DomainError('NOT_A_FILE', `node ${nodeId} is a folder`);
    const id = versionId ?? node.head_version_id;
    const rows: VersionRow[] = await this.dataSource.query(
      'SELECT * FROM file_versions WHERE id = $1 AND node_id = $2',
      [id, nodeId],
    );
    if (rows.length === 0) {
      throw new DomainError('NOT_FOUND', `version ${String(id)} not found`, { versionId: id });
    }
    return toVersionView(rows[0]);
  }

  async chunksOf(versionId: string): Promise<VersionChunk[]> {
    const rows: { sha256: string; size: number; offset: string }[] = await this.dataSource.query(
      'SELECT sha256, size, "offset" FROM version_chunks WHERE version_id = $1 ORDER BY ordinal',
      [versionId],
    );
    return rows.map((row) => ({ sha256: row.sha256, size: row.size, offset: Number(row.offset) }));
  }
}
