import { TreeReplay } from './tree-replay.js';

const HASH = 'c'.repeat(64);

function logged(type: string, payload: unknown, time = '2026-12-04T10:00:00.000Z') {
  return { stream: 'tree-t', type, time, payload };
}

describe('TreeReplay', () => {
  it('rebuilds folders, files and their versions from events', () => {
    const replay = new TreeReplay();
    replay.apply(logged('TreeCreated', { treeId: 't', rootId: 'r', ownerId: 'u' }));
    replay.apply(logged('FolderCreated', { nodeId: 'd', parentId: 'r', name: 'Docs' }));
    replay.apply(logged('FileAdded', { nodeId: 'f', parentId: 'd', name: 'a.txt' }));
    for (const number of [1, 2]) {
      replay.apply(
        logged('FileVersionCommitted', {
          nodeId: 'f',
          versionId: `v${number}`,
          versionNumber: number,
          baseVersionId: null,
          size: number,
          sha256: HASH,
          mtime: '2026-12-04T09:00:00.000Z',
          chunks: [],
        }),
      );
    }
    replay.apply(logged('NodeRenamed', { nodeId: 'd', name: 'Papers', previousName: 'Docs' }));
    const [drive] = replay.drives();
    expect(drive.ownerId).toBe('u');
    expect(drive.nodes.map((node) => node.path)).toEqual(['/Papers', '/Papers/a.txt']);
    expect(drive.nodes[1].versions.map((version) => version.number)).toEqual([1, 2]);
  });

  it('drops deleted nodes and ignores other streams', () => {
    const replay = new TreeReplay();
    replay.apply(logged('TreeCreated', { treeId: 't', rootId: 'r', ownerId: 'u' }));
    replay.apply(logged('FolderCreated', { nodeId: 'd', parentId: 'r', name: 'Docs' }));
    replay.apply(logged('NodeDeleted', { nodeId: 'd' }));
    replay.apply({ stream: 'user-u', type: 'UserProvisioned', time: '', payload: {} });
    expect(replay.drives()).toEqual([{ treeId: 't', ownerId: 'u', nodes: [] }]);
  });

  it('drops pruned versions from a file', () => {
    const replay = new TreeReplay();
    replay.apply(logged('TreeCreated', { treeId: 't', rootId: 'r', ownerId: 'u' }));
    replay.apply(logged('FileAdded', { nodeId: 'f', parentId: 'r', name: 'a.txt' }));
    for (const number of [1, 2, 3]) {
      replay.apply(
        logged('FileVersionCommitted', {
          nodeId: 'f',
          versionId: `v${number}`,
          versionNumber: number,
          baseVersionId: null,
          size: number,
          sha256: HASH,
          mtime: '2026-12-04T09:00:00.000Z',
          chunks: [],
        }),
      );
    }
    replay.apply(logged('VersionsPruned', { nodeId: 'f', versionIds: ['v1', 'v2'] }));
    const [drive] = replay.drives();
    expect(drive.nodes[0].versions.map((version) => version.versionId)).toEqual(['v3']);
  });
});
