import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSyncState, describeTreeDifferences, differingPaths } from './tree-differences.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

describe('differingPaths', () => {
  it('lists paths with different or missing values', () => {
    const trees = {
      a: { x: 'folder', 'x/f': HASH_A, same: HASH_B },
      b: { x: 'folder', 'x/f': HASH_B, same: HASH_B },
      server: { x: 'folder', same: HASH_B, extra: 'folder' },
    };
    expect(differingPaths(trees)).toEqual(['extra', 'x/f']);
  });

  it('returns nothing for equal trees', () => {
    expect(differingPaths({ a: { x: HASH_A }, b: { x: HASH_A } })).toEqual([]);
  });
});

describe('describeTreeDifferences', () => {
  it('names each tree and shortens hashes', () => {
    const lines = describeTreeDifferences({ a: { f: HASH_A }, b: { f: 'folder' }, server: {} });
    expect(lines).toEqual(['f: a=aaaaaaaaaaaa b=folder server=missing']);
  });
});

describe('describeSyncState', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tree-differences-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('describes base entries and remote paths', async () => {
    await mkdir(join(folder, '.scaidrive'));
    const state = {
      cursor: 'c1',
      remoteRootId: 'root',
      base: {
        d: { nodeId: 'n1', kind: 'folder' },
        'd/f': { nodeId: 'n2', kind: 'file', versionId: 'v1', sha256: HASH_A },
      },
      remote: {
        root: { parentId: null, name: '', version: null },
        n1: { parentId: 'root', name: 'moved', version: null },
        n2: { parentId: 'n1', name: 'f', version: { id: 'v2', sha256: HASH_B } },
      },
    };
    await writeFile(join(folder, '.scaidrive', 'state.json'), JSON.stringify(state));

    const lines = await describeSyncState(folder, ['d/f', 'gone']);

    expect(lines).toEqual([
      'cursor c1',
      'd/f: base file node n2 version v1 sha256 aaaaaaaaaaaa; remote moved/f version v2 sha256 bbbbbbbbbbbb',
      'gone: no base entry; no remote node',
    ]);
  });

  it('reports a missing state file', async () => {
    const lines = await describeSyncState(folder, ['f']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^reading the state file of .* failed: /);
  });
});
