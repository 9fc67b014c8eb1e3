import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderLock } from './folder-lock.js';
import { StateStore } from './state-store.js';
import { STATE_FORMAT, type SyncState } from './sync-state.js';

function sampleState(): SyncState {
  return {
    format: STATE_FORMAT,
    apiUrl: 'http://127.0.0.1:1/api/v1',
    userId: 'u',
    treeId: 'tree-1',
    shareName: 'Team',
    remoteRootPath: '/',
    remoteRootId: 'root',
    cursor: 'c1',
    remote: new Map([['root', { parentId: null, name: '', kind: 'folder', version: null }]]),
    base: new Map([['a.txt', { nodeId: 'a', kind: 'file', versionId: 'v', sha256: 's', size: 1 }]]),
  };
}

describe('StateStore', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'state-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns null before the first save', async () => {
    const store = new StateStore(root);
    await store.prepare();
    expect(await store.load()).toBeNull();
  });

  it('saves and loads the same state', async () => {
    const store = new StateStore(root);
    await store.prepare();
    await store.save(sampleState());
    expect(await store.load()).toEqual(sampleState());
  });

  it('loads a file without a tree as the personal drive', async () => {
    const store = new StateStore(root);
    await store.prepare();
    await store.save(sampleState());
    const file = join(store.folder, 'state.json');
    const text = JSON.parse(await readFile(file, 'utf8'));
    delete text.treeId;
    delete text.shareName;
    await writeFile(file, JSON.stringify(text));
    const loaded = await store.load();
    expect(loaded?.treeId).toBeNull();
    expect(loaded?.shareName).toBeNull();
    expect(loaded?.base).toEqual(sampleState().base);
  });

  it('leaves no temporary file after saving', async () => {
    const store = new StateStore(root);
    await store.prepare();
    await store.save(sampleState());
    expect((await readdir(store.folder)).sort()).toEqual(['state.json', 'tmp']);
  });

  it('rejects another state format', async () => {
    const store = new StateStore(root);
    await store.prepare();
    await writeFile(join(store.folder, 'state.json'), JSON.stringify({ format: 99 }));
    await expect(store.load()).rejects.toThrow('unsupported state format 99');
  });

  it('empties the temporary folder on prepare', async () => {
    const store = new StateStore(root);
    await store.prepare();
    await writeFile(join(store.temporaryFolder, 'partial'), 'x');
    await store.prepare();
    expect(await readdir(store.temporaryFolder)).toEqual([]);
  });
});

describe('FolderLock', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'lock-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('rejects a second holder while running', async () => {
    const first = new FolderLock(folder);
    await first.acquire();
    await expect(new FolderLock(folder).acquire()).rejects.toThrow('another sync');
    await first.release();
    await expect(new FolderLock(folder).acquire()).resolves.toBeUndefined();
  });

  it('takes over a lock of an ended process', async () => {
    await writeFile(join(folder, 'lock'), '999999999');
    await expect(new FolderLock(folder).acquire()).resolves.toBeUndefined();
  });
});
