import {
  type DriveEvent,
  type FileVersionCommitted,
  type VersionsPruned,
} from '../events/drive-events.js';
import { evolveTree, TreeState } from '../tree/tree.state.js';

/** An event of the log as replay needs it: its stream, type, payload and recorded time. */
export interface LoggedEvent {
  readonly stream: string;
  readonly type: string;
  readonly time: string;
  readonly payload: unknown;
}

export interface ReplayedVersion {
  readonly versionId: string;
  readonly number: number;
  readonly size: number;
  readonly sha256: string;
  readonly mtime: string;
  readonly committedAt: string;
}

export interface ReplayedNode {
  readonly id: string;
  readonly path: string;
  readonly kind: 'file' | 'folder';
  /** Versions oldest first; the last is the head. Empty for folders. */
  readonly versions: readonly ReplayedVersion[];
}

export interface ReplayedDrive {
  readonly treeId: string;
  readonly ownerId: string;
  /** Live nodes below the root, sorted by path. */
  readonly nodes: readonly ReplayedNode[];
}

/**
 * Rebuilds drives from their events alone, without any read model: which folders and files
 * existed and which versions each file had. Feed it the log in position order, cut at the
 * instant of interest, to answer what a drive held at that time.
 */
export class TreeReplay {
  private readonly trees = new Map<string, TreeState>();
  private readonly versions = new Map<string, ReplayedVersion[]>();

  apply(event: LoggedEvent): void {
    if (!event.stream.startsWith('tree-')) return;
    const treeId = event.stream.slice('tree-'.length);
    let state = this.trees.get(treeId);
    if (!state) {
      state = new TreeState();
      this.trees.set(treeId, state);
    }
    evolveTree(state, { type: event.type, data: event.payload } as DriveEvent, event.time);
    if (event.type === 'FileVersionCommitted') {
      const data = event.payload as FileVersionCommitted;
      const list = this.versions.get(data.nodeId) ?? [];
      list.push({
        versionId: data.versionId,
        number: data.versionNumber,
        size: data.size,
        sha256: data.sha256,
        mtime: data.mtime,
        committedAt: event.time,
      });
      this.versions.set(data.nodeId, list);
    }
    if (event.type === 'VersionsPruned') {
      const data = event.payload as VersionsPruned;
      const pruned = new Set(data.versionIds);
      const list = this.versions.get(data.nodeId) ?? [];
      this.versions.set(
        data.nodeId,
        list.filter((version) => !pruned.has(version.versionId)),
      );
    }
  }

  drives(): ReplayedDrive[] {
    return [...this.trees.values()].map((state) => {
      const nodes: ReplayedNode[] = [];
      for (const node of state.nodes.values()) {
        if (node.deleted || node.parentId === null) continue;
        nodes.push({
          id: node.id,
          path: state.pathOf(node.id),
          kind: node.kind,
          versions: this.versions.get(node.id) ?? [],
        });
      }
      nodes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { treeId: state.treeId, ownerId: state.ownerId, nodes };
    });
  }
}
