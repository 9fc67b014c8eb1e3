import { type DriveEvent, type RetentionPolicy } from '../events/drive-events.js';
import { MAX_PRUNED_VERSION_IDS, MAX_RETENTION_EVENTS } from './retention-decision.js';
import { type TreeCommand } from './tree.commands.js';
import { decideTree } from './tree.decider.js';
import { evolveTree, TreeState } from './tree.state.js';

const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-01-01T00:00:00.000Z');
const HASH = 'a'.repeat(64);

/** An event with the time its metadata records, in days after START. */
type Timed = readonly [event: DriveEvent, day: number];

function given(...timed: Timed[]): TreeState {
  const state = new TreeState();
  const created: DriveEvent = {
    type: 'TreeCreated',
    data: { treeId: 't', rootId: 'root', ownerId: 'u' },
  };
  evolveTree(state, created, new Date(START).toISOString());
  for (const [event, day] of timed)
    evolveTree(state, event, new Date(START + day * DAY).toISOString());
  return state;
}

function when(state: TreeState, command: TreeCommand): DriveEvent[] {
  let next = 0;
  return decideTree(state, command, {
    now: new Date(START),
    newId: () => `id-${++next}`,
    actorName: 'alice',
  });
}

/** ApplyRetention as of a number of days after START. */
const applyOnDay = (day: number): TreeCommand => ({
  type: 'ApplyRetention',
  now: new Date(START + day * DAY),
});

const policy = (keepVersions: number | null, keepDays: number | null, trashDays = 30): Timed => [
  { type: 'RetentionPolicySet', data: { policy: { keepVersions, keepDays, trashDays } } },
  0,
];

const added = (nodeId: string, parentId = 'root'): Timed => [
  { type: 'FileAdded', data: { nodeId, parentId, name: `${nodeId}.txt` } },
  0,
];

const folder = (nodeId: string): Timed => [
  { type: 'FolderCreated', data: { nodeId, parentId: 'root', name: nodeId } },
  0,
];

/** Version number of file nodeId, committed on the given day, with id `<nodeId>-v<number>`. */
const version = (nodeId: string, number: number, day: number): Timed => [
  {
    type: 'FileVersionCommitted',
    data: {
      nodeId,
      versionId: `${nodeId}-v${number}`,
      versionNumber: number,
      baseVersionId: number === 1 ? null : `${nodeId}-v${number - 1}`,
      size: 1,
      sha256: `${number}`.padStart(64, '0'),
      mtime: new Date(START + day * DAY).toISOString(),
      chunks: [[HASH, 1]],
    },
  },
  day,
];

const deleted = (nodeId: string, day: number): Timed => [
  { type: 'NodeDeleted', data: { nodeId } },
  day,
];

/** A file f with versions committed on days 0, 10, 20 and 30. */
const fourVersions = (): Timed[] => [
  added('f'),
  version('f', 1, 0),
  version('f', 2, 10),
  version('f', 3, 20),
  version('f', 4, 30),
];

const pruned = (nodeId: string, ...numbers: number[]): DriveEvent => ({
  type: 'VersionsPruned',
  data: { nodeId, versionIds: numbers.map((number) => `${nodeId}-v${number}`) },
});

describe('retention policy decisions', () => {
  it('records a valid policy', () => {
    const set: RetentionPolicy = { keepVersions: 5, keepDays: null, trashDays: 7 };
    expect(when(given(), { type: 'SetRetentionPolicy', policy: set })).toEqual([
      { type: 'RetentionPolicySet', data: { policy: set } },
    ]);
  });

  it('ignores an unchanged policy', () => {
    const state = given(policy(5, null, 7));
    const command = {
      type: 'SetRetentionPolicy',
      policy: { keepVersions: 5, keepDays: null, trashDays: 7 },
    } as const;
    expect(when(state, command)).toEqual([]);
  });

  it.each([
    ['keepVersions', { keepVersions: 0, keepDays: null, trashDays: 30 }],
    ['keepVersions', { keepVersions: 1001, keepDays: null, trashDays: 30 }],
    ['keepVersions', { keepVersions: 2.5, keepDays: null, trashDays: 30 }],
    ['keepDays', { keepVersions: null, keepDays: 0, trashDays: 30 }],
    ['keepDays', { keepVersions: null, keepDays: 36501, trashDays: 30 }],
    ['trashDays', { keepVersions: null, keepDays: 30, trashDays: 0 }],
    ['trashDays', { keepVersions: null, keepDays: 30, trashDays: 36501 }],
  ] as const)('rejects an invalid %s', (field, invalid) => {
    expect(() => when(given(), { type: 'SetRetentionPolicy', policy: invalid })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        details: expect.objectContaining({ field }),
      }),
    );
  });
});

describe('retention of versions', () => {
  it('prunes the oldest beyond keepVersions', () => {
    const state = given(policy(2, null), ...fourVersions());
    expect(when(state, applyOnDay(31))).toEqual([pruned('f', 1, 2)]);
  });

  it('keeps only the head at keepVersions 1', () => {
    const state = given(policy(1, null), ...fourVersions());
    expect(when(state, applyOnDay(31))).toEqual([pruned('f', 1, 2, 3)]);
  });

  it('never prunes the head', () => {
    const state = given(policy(1, 1), added('f'), version('f', 1, 0));
    expect(when(state, applyOnDay(10_000))).toEqual([]);
  });

  it('ages a version from its replacement', () => {
    // v1 was committed on day 0 and replaced on day 10, v2 replaced on day 20, v3 on day 30.
    const state = given(policy(null, 15), ...fourVersions());
    expect(when(state, applyOnDay(26))).toEqual([pruned('f', 1)]);
    expect(when(state, applyOnDay(35))).toEqual([pruned('f', 1, 2)]);
    expect(when(state, applyOnDay(45))).toEqual([pruned('f', 1, 2, 3)]);
  });

  it('keeps what either rule keeps', () => {
    const state = given(policy(3, 15), ...fourVersions());
    // By count v2..v4 stay; by age v2 and v3 stay on day 26. Only v1 fails both rules.
    expect(when(state, applyOnDay(26))).toEqual([pruned('f', 1)]);
    // On day 1000 the age rule keeps nothing, and the count rule still keeps three versions.
    expect(when(state, applyOnDay(1000))).toEqual([pruned('f', 1)]);
  });

  it('keeps everything without rules', () => {
    const state = given(policy(null, null), ...fourVersions());
    expect(when(state, applyOnDay(10_000))).toEqual([]);
  });

  it('keeps 30 days by default', () => {
    const state = given(...fourVersions());
    expect(when(state, applyOnDay(39))).toEqual([]);
    expect(when(state, applyOnDay(40))).toEqual([pruned('f', 1)]);
    expect(when(state, applyOnDay(50))).toEqual([pruned('f', 1, 2)]);
  });

  it('prunes a version once', () => {
    const state = given(policy(2, null), ...fourVersions(), [pruned('f', 1, 2), 31]);
    expect(when(state, applyOnDay(32))).toEqual([]);
    expect(state.nodes.get('f')!.versions.map((kept) => kept.versionId)).toEqual(['f-v3', 'f-v4']);
  });

  it('prunes old versions in the trash', () => {
    const state = given(policy(1, null, 300), ...fourVersions(), deleted('f', 31));
    expect(when(state, applyOnDay(32))).toEqual([pruned('f', 1, 2, 3)]);
  });

  it('bounds pruned ids per decision', () => {
    const count = MAX_PRUNED_VERSION_IDS + 10;
    const history: Timed[] = [added('f')];
    for (let number = 1; number <= count; number++) history.push(version('f', number, 0));
    const state = given(policy(1, null), ...history);
    const first = when(state, applyOnDay(1));
    expect(first).toHaveLength(1);
    expect((first[0].data as { versionIds: readonly string[] }).versionIds).toHaveLength(
      MAX_PRUNED_VERSION_IDS,
    );
    evolveTree(state, first[0], new Date(START + DAY).toISOString());
    const numbers = Array.from({ length: 9 }, (_, index) => MAX_PRUNED_VERSION_IDS + 1 + index);
    expect(when(state, applyOnDay(1))).toEqual([pruned('f', ...numbers)]);
  });

  it('bounds events per decision', () => {
    const files: Timed[] = [];
    for (let index = 0; index < MAX_RETENTION_EVENTS + 5; index++) {
      files.push(added(`f${index}`), version(`f${index}`, 1, 0), version(`f${index}`, 2, 0));
    }
    const state = given(policy(1, null), ...files);
    expect(when(state, applyOnDay(1))).toHaveLength(MAX_RETENTION_EVENTS);
  });
});

describe('retention of the trash', () => {
  it('purges items past trashDays', () => {
    const state = given(
      policy(null, null, 10),
      added('old'),
      version('old', 1, 0),
      added('new'),
      version('new', 1, 0),
      deleted('old', 1),
      deleted('new', 5),
    );
    expect(when(state, applyOnDay(10.9))).toEqual([]);
    expect(when(state, applyOnDay(11))).toEqual([{ type: 'NodePurged', data: { nodeId: 'old' } }]);
  });

  it('purges a folder as one item', () => {
    const state = given(folder('d'), added('f', 'd'), version('f', 1, 0), deleted('d', 1));
    expect(when(state, applyOnDay(31))).toEqual([{ type: 'NodePurged', data: { nodeId: 'd' } }]);
  });

  it('ages from the latest deletion', () => {
    const state = given(
      added('f'),
      version('f', 1, 0),
      deleted('f', 1),
      [{ type: 'NodeRestored', data: { nodeId: 'f', parentId: 'root', name: 'f.txt' } }, 2],
      deleted('f', 20),
    );
    expect(when(state, applyOnDay(40))).toEqual([]);
    expect(when(state, applyOnDay(50))).toEqual([{ type: 'NodePurged', data: { nodeId: 'f' } }]);
  });

  it('prunes all versions of purged files', () => {
    const rejected: DriveEvent = {
      type: 'ConflictResolved',
      data: {
        conflictId: 'c',
        nodeId: 'f',
        strategy: 'SERVER_WINS',
        resolution: 'KEPT_HEAD',
        headVersionId: 'f-v2',
        incoming: {
          versionId: 'f-rejected',
          baseVersionId: 'f-v1',
          size: 1,
          sha256: HASH,
          mtime: new Date(START).toISOString(),
          chunks: [[HASH, 1]],
        },
        copyNodeId: null,
        resolvedBy: 'server',
      },
    };
    const state = given(
      added('f'),
      version('f', 1, 0),
      version('f', 2, 0),
      [rejected, 0],
      deleted('f', 1),
      [{ type: 'NodePurged', data: { nodeId: 'f' } }, 2],
    );
    expect(when(state, applyOnDay(3))).toEqual([
      { type: 'VersionsPruned', data: { nodeId: 'f', versionIds: ['f-v1', 'f-v2', 'f-rejected'] } },
    ]);
  });

  it('prunes files purged with a folder', () => {
    const state = given(folder('d'), added('f', 'd'), version('f', 1, 0), deleted('d', 1), [
      { type: 'NodePurged', data: { nodeId: 'd' } },
      2,
    ]);
    expect(when(state, applyOnDay(3))).toEqual([pruned('f', 1)]);
  });
});
