import { describe, expect, it } from '@jest/globals';
import type { NodeDto } from '../api/api-types.js';
import { STATE_FORMAT, type SyncState } from '../state/sync-state.js';
import { isKnownChange } from './known-change.js';

const VERSION = { id: 'v1', number: 1, size: 1, sha256: 'aa', mtime: '2026-01-01T00:00:00Z' };

function state(): SyncState {
  return {
    format: STATE_FORMAT,
    apiUrl: 'http://127.0.0.1:1/api/v1',
    userId: 'u',
    treeId: null,
    shareName: null,
    remoteRootPath: '/',
    remoteRootId: 'root',
    cursor: 'c',
    remote: new Map([
      ['root', { parentId: null, name: '', kind: 'folder', version: null }],
      ['f', { parentId: 'root', name: 'a.txt', kind: 'file', version: VERSION }],
    ]),
    base: new Map(),
  };
}

function node(overrides: Partial<NodeDto>): NodeDto {
  return {
    id: 'f',
    parentId: 'root',
    name: 'a.txt',
    path: '/a.txt',
    kind: 'file',
    version: { ...VERSION, number: 1 },
    updatedAt: '',
    ...overrides,
  };
}

describe('isKnownChange', () => {
  it('knows an upsert equal to the stored node', () => {
    expect(isKnownChange({ op: 'upsert', node: node({}) }, state())).toBe(true);
  });

  it('flags a new version', () => {
    const version = { ...VERSION, id: 'v2', number: 2 };
    expect(isKnownChange({ op: 'upsert', node: node({ version }) }, state())).toBe(false);
  });

  it('flags a rename and a move', () => {
    expect(isKnownChange({ op: 'upsert', node: node({ name: 'b.txt' }) }, state())).toBe(false);
    const moved = state();
    moved.remote.set('d', { parentId: 'root', name: 'docs', kind: 'folder', version: null });
    expect(isKnownChange({ op: 'upsert', node: node({ parentId: 'd' }) }, moved)).toBe(false);
  });

  it('flags a new node in the synced folder', () => {
    expect(isKnownChange({ op: 'upsert', node: node({ id: 'new' }) }, state())).toBe(false);
  });

  it('ignores a new node outside the synced folder', () => {
    const outside = node({ id: 'x', parentId: 'elsewhere' });
    expect(isKnownChange({ op: 'upsert', node: outside }, state())).toBe(true);
  });

  it('flags a delete of a stored node only', () => {
    const gone = { op: 'delete', nodeId: 'f', path: '/a.txt', kind: 'file' } as const;
    expect(isKnownChange(gone, state())).toBe(false);
    expect(isKnownChange({ ...gone, nodeId: 'unknown' }, state())).toBe(true);
  });

  it('needs no pass for a conflict entry', () => {
    const conflict = {
      conflictId: 'c1',
      nodeId: 'f',
      path: '/a.txt',
      status: 'resolved',
      strategy: 'KEEP_BOTH',
      resolution: 'KEEP_BOTH',
    } as const;
    expect(isKnownChange({ op: 'conflict', conflict }, state())).toBe(true);
  });
});
