import { type DriveEvent } from '../events/drive-events.js';
import { type TreeCommand } from './tree.commands.js';
import { decideTree } from './tree.decider.js';
import { evolveTree, TreeState } from './tree.state.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const AT = '2026-12-04T15:00:00.000Z';

function context() {
  let next = 0;
  return {
    now: new Date('2026-12-04T15:30:12Z'),
    newId: () => `id-${++next}`,
    actorName: 'alice',
  };
}

/** Given events, returns the state they build. */
function given(...events: DriveEvent[]): TreeState {
  const state = new TreeState();
  evolveTree(
    state,
    { type: 'TreeCreated', data: { treeId: 't', rootId: 'root', ownerId: 'u' } },
    AT,
  );
  for (const event of events) evolveTree(state, event, AT);
  return state;
}

function when(state: TreeState, command: TreeCommand): DriveEvent[] {
  return decideTree(state, command, context());
}

const folder = (nodeId: string, parentId: string, name: string): DriveEvent => ({
  type: 'FolderCreated',
  data: { nodeId, parentId, name },
});

const file = (nodeId: string, parentId: string, name: string, sha256 = HASH_A): DriveEvent[] => [
  { type: 'FileAdded', data: { nodeId, parentId, name } },
  {
    type: 'FileVersionCommitted',
    data: {
      nodeId,
      versionId: `${nodeId}-v1`,
      versionNumber: 1,
      baseVersionId: null,
      size: 1,
      sha256,
      mtime: '2026-12-04T00:00:00.000Z',
      chunks: [[sha256, 1]],
    },
  },
];

const commit = (extra: Partial<TreeCommand & { type: 'CommitFileVersion' }>): TreeCommand =>
  ({
    type: 'CommitFileVersion',
    baseVersionId: null,
    size: 1,
    sha256: HASH_B,
    mtime: '2026-12-04T00:00:00.000Z',
    chunks: [[HASH_B, 1]],
    strategy: 'KEEP_BOTH',
    ...extra,
  }) as TreeCommand;

describe('tree decider', () => {
  it('creates a folder in NFC', () => {
    const events = when(given(), {
      type: 'CreateFolder',
      nodeId: 'f',
      parentId: 'root',
      name: 'Cafe\u0301',
    });
    expect(events).toEqual([folder('f', 'root', 'Caf\u00e9')]);
  });

  it('rejects a name that differs only in case or normalization', () => {
    const state = given(folder('f', 'root', 'Café'));
    const command = {
      type: 'CreateFolder',
      nodeId: 'g',
      parentId: 'root',
      name: 'CAFE\u0301',
    } as const;
    expect(() => when(state, command)).toThrow(expect.objectContaining({ code: 'NAME_CONFLICT' }));
  });

  it('allows a case-only rename', () => {
    const state = given(folder('f', 'root', 'docs'));
    expect(when(state, { type: 'RenameNode', nodeId: 'f', name: 'Docs' })).toEqual([
      { type: 'NodeRenamed', data: { nodeId: 'f', name: 'Docs', previousName: 'docs' } },
    ]);
  });

  it('rejects moving a folder below itself', () => {
    const state = given(folder('a', 'root', 'A'), folder('b', 'a', 'B'));
    expect(() => when(state, { type: 'MoveNode', nodeId: 'a', parentId: 'b' })).toThrow(
      expect.objectContaining({ code: 'MOVE_CYCLE' }),
    );
    expect(() => when(state, { type: 'MoveNode', nodeId: 'a', parentId: 'a' })).toThrow(
      expect.objectContaining({ code: 'MOVE_CYCLE' }),
    );
  });

  it('moves a folder and keeps its name', () => {
    const state = given(folder('a', 'root', 'A'), folder('b', 'root', 'B'));
    expect(when(state, { type: 'MoveNode', nodeId: 'a', parentId: 'b' })).toEqual([
      {
        type: 'NodeMoved',
        data: {
          nodeId: 'a',
          parentId: 'b',
          previousParentId: 'root',
          name: 'A',
          previousName: 'A',
        },
      },
    ]);
  });

  it('adds a file with its first version in one decision', () => {
    const events = when(given(), commit({ parentId: 'root', name: 'a.txt' }));
    expect(events.map((event) => event.type)).toEqual(['FileAdded', 'FileVersionCommitted']);
    const added = events[0].data as { nodeId: string };
    expect(events[1].data).toMatchObject({
      nodeId: added.nodeId,
      versionNumber: 1,
      sha256: HASH_B,
    });
  });

  it('commits a version on the current head', () => {
    const state = given(...file('f', 'root', 'a.txt'));
    const events = when(state, commit({ nodeId: 'f', baseVersionId: 'f-v1' }));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'FileVersionCommitted',
        data: expect.objectContaining({ nodeId: 'f', versionNumber: 2, baseVersionId: 'f-v1' }),
      }),
    ]);
  });

  it('keeps a commit on an old base as a conflict copy with KEEP_BOTH', () => {
    const state = given(...file('f', 'root', 'report.txt'));
    const events = when(state, commit({ nodeId: 'f', baseVersionId: 'old' }));
    expect(events.map((event) => event.type)).toEqual([
      'FileAdded',
      'FileVersionCommitted',
      'ConflictResolved',
    ]);
    expect(events[0].data).toMatchObject({
      parentId: 'root',
      name: 'report (conflicted copy 2026-12-04 153012 alice).txt',
    });
    expect(events[2].data).toMatchObject({
      nodeId: 'f',
      strategy: 'KEEP_BOTH',
      resolution: 'KEPT_BOTH',
      headVersionId: 'f-v1',
      copyNodeId: (events[0].data as { nodeId: string }).nodeId,
    });
  });

  it('makes the incoming content the head with CLIENT_WINS', () => {
    const state = given(...file('f', 'root', 'a.txt'));
    const events = when(
      state,
      commit({ nodeId: 'f', baseVersionId: 'old', strategy: 'CLIENT_WINS' }),
    );
    expect(events.map((event) => event.type)).toEqual(['FileVersionCommitted', 'ConflictResolved']);
    expect(events[0].data).toMatchObject({ nodeId: 'f', versionNumber: 2, sha256: HASH_B });
    expect(events[1].data).toMatchObject({ resolution: 'TOOK_INCOMING', resolvedBy: 'server' });
  });

  it('keeps the head and records the incoming content with SERVER_WINS', () => {
    const state = given(...file('f', 'root', 'a.txt'));
    const events = when(
      state,
      commit({ nodeId: 'f', baseVersionId: 'old', strategy: 'SERVER_WINS' }),
    );
    expect(events.map((event) => event.type)).toEqual(['ConflictResolved']);
    expect(events[0].data).toMatchObject({
      resolution: 'KEPT_HEAD',
      incoming: expect.objectContaining({ sha256: HASH_B, chunks: [[HASH_B, 1]] }),
    });
  });

  it.each([
    ['2026-12-05T00:00:00.000Z', 'TOOK_INCOMING'],
    ['2026-12-03T00:00:00.000Z', 'KEPT_HEAD'],
  ])('settles LAST_WRITER_WINS by mtime %s as %s', (mtime, resolution) => {
    const state = given(...file('f', 'root', 'a.txt'));
    const strategy = 'LAST_WRITER_WINS' as const;
    const events = when(state, commit({ nodeId: 'f', baseVersionId: 'old', mtime, strategy }));
    expect(events.at(-1)!.data).toMatchObject({ strategy, resolution });
  });

  it('opens a MANUAL conflict and keeps the head until a person decides', () => {
    const state = given(...file('f', 'root', 'a.txt'));
    const events = when(state, commit({ nodeId: 'f', baseVersionId: 'old', strategy: 'MANUAL' }));
    expect(events.map((event) => event.type)).toEqual(['ConflictOpened']);
    for (const event of events) evolveTree(state, event, AT);
    expect(state.liveNode('f')!.headVersionId).toBe('f-v1');
    expect(state.openConflicts.size).toBe(1);
  });

  it.each([
    ['KEEP_HEAD', ['ConflictResolved'], 'KEPT_HEAD'],
    ['TAKE_INCOMING', ['FileVersionCommitted', 'ConflictResolved'], 'TOOK_INCOMING'],
    ['KEEP_BOTH', ['FileAdded', 'FileVersionCommitted', 'ConflictResolved'], 'KEPT_BOTH'],
  ] as const)('resolves a MANUAL conflict with %s', (decision, types, resolution) => {
    const state = given(...file('f', 'root', 'a.txt'));
    const opened = when(state, commit({ nodeId: 'f', baseVersionId: 'old', strategy: 'MANUAL' }));
    for (const event of opened) evolveTree(state, event, AT);
    const conflictId = (opened[0].data as { conflictId: string }).conflictId;
    const events = when(state, { type: 'ResolveConflict', conflictId, decision });
    expect(events.map((event) => event.type)).toEqual(types);
    expect(events.at(-1)!.data).toMatchObject({ conflictId, resolution, resolvedBy: 'user' });
    for (const event of events) evolveTree(state, event, AT);
    expect(() => when(state, { type: 'ResolveConflict', conflictId, decision })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('changes nothing when the content equals the head', () => {
    const state = given(...file('f', 'root', 'a.txt', HASH_B));
    expect(when(state, commit({ nodeId: 'f', baseVersionId: 'old' }))).toEqual([]);
  });

  it('keeps a second new file of the same name as a conflict copy', () => {
    const state = given(...file('f', 'root', 'a.txt'));
    const events = when(state, commit({ parentId: 'root', name: 'A.TXT' }));
    expect(events.at(-1)).toMatchObject({
      type: 'ConflictResolved',
      data: { resolution: 'KEPT_BOTH' },
    });
  });

  it('brings back a file deleted while it was edited', () => {
    const state = given(folder('d', 'root', 'D'), ...file('f', 'd', 'a.txt'), {
      type: 'NodeDeleted',
      data: { nodeId: 'd' },
    });
    const events = when(
      state,
      commit({ nodeId: 'f', baseVersionId: 'f-v1', strategy: 'SERVER_WINS' }),
    );
    expect(events[0]).toMatchObject({
      type: 'FileAdded',
      data: { parentId: 'root', name: 'a.txt' },
    });
    expect(events.at(-1)).toMatchObject({
      type: 'ConflictResolved',
      data: { resolution: 'RESTORED' },
    });
  });

  it('keeps an edit of a file that was renamed and moved meanwhile', () => {
    const state = given(folder('d', 'root', 'D'), ...file('f', 'root', 'a.txt'), {
      type: 'NodeMoved',
      data: {
        nodeId: 'f',
        parentId: 'd',
        previousParentId: 'root',
        name: 'b.txt',
        previousName: 'a.txt',
      },
    });
    const events = when(state, commit({ nodeId: 'f', baseVersionId: 'f-v1' }));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'FileVersionCommitted',
        data: expect.objectContaining({ nodeId: 'f' }),
      }),
    ]);
  });

  it('deletes a folder with its descendants', () => {
    const state = given(folder('d', 'root', 'D'), ...file('f', 'd', 'a.txt'));
    const events = when(state, { type: 'DeleteNode', nodeId: 'd' });
    for (const event of events) evolveTree(state, event, AT);
    expect(state.liveNode('f')).toBeUndefined();
    expect(state.childByName('root', 'D')).toBeUndefined();
  });

  it('refuses to rename, move or delete the root', () => {
    expect(() => when(given(), { type: 'DeleteNode', nodeId: 'root' })).toThrow(
      expect.objectContaining({ code: 'ROOT_IMMUTABLE' }),
    );
  });

  it('rejects a path longer than 4096 bytes', () => {
    const events: DriveEvent[] = [];
    let parent = 'root';
    for (let depth = 0; depth < 16; depth++) {
      events.push(folder(`f${depth}`, parent, 'x'.repeat(250)));
      parent = `f${depth}`;
    }
    const state = given(...events);
    const command = {
      type: 'CreateFolder',
      nodeId: 'g',
      parentId: parent,
      name: 'y'.repeat(100),
    } as const;
    expect(() => when(state, command)).toThrow(/more than 4096/);
  });

  it('rejects a move that pushes a descendant past the path limit', () => {
    const events: DriveEvent[] = [folder('deep', 'root', 'a')];
    let parent = 'deep';
    for (let depth = 0; depth < 16; depth++) {
      events.push(folder(`f${depth}`, parent, 'x'.repeat(250)));
      parent = `f${depth}`;
    }
    events.push(folder('long', 'root', 'z'.repeat(250)));
    const state = given(...events);
    expect(() => when(state, { type: 'MoveNode', nodeId: 'deep', parentId: 'long' })).toThrow(
      /more than 4096/,
    );
  });
});
