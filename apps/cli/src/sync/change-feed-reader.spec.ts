import { describe, expect, it } from '@jest/globals';
import type { ApiClient } from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import type { ChangesPage, NodeDto } from '../api/api-types.js';
import { STATE_FORMAT, type SyncState } from '../state/sync-state.js';
import { ChangeFeedReader } from './change-feed-reader.js';
import { Reporter } from './reporter.js';
import type { StateSaver } from './state-saver.js';

const ROOT = 'root';

function folder(id: string, parentId: string, name: string): NodeDto {
  return { id, parentId, name, path: `/${name}`, kind: 'folder', version: null, updatedAt: '' };
}

function file(id: string, parentId: string, name: string): NodeDto {
  const version = { id: `${id}-v1`, number: 1, size: 1, sha256: 'aa', mtime: '' };
  return { id, parentId, name, path: `/${name}`, kind: 'file', version, updatedAt: '' };
}

function emptyState(): SyncState {
  return {
    format: STATE_FORMAT,
    apiUrl: 'http://127.0.0.1:1/api/v1',
    userId: 'u',
    treeId: null,
    shareName: null,
    remoteRootPath: '/',
    remoteRootId: ROOT,
    cursor: 'c0',
    remote: new Map([[ROOT, { parentId: null, name: '', kind: 'folder', version: null }]]),
    base: new Map([['old.txt', { nodeId: 'old', kind: 'file', versionId: 'v' }]]),
  };
}

/** Builds an API that serves the given pages in order and lists children from a table. */
function fakeApi(pages: ChangesPage[], children: Record<string, NodeDto[]> = {}) {
  const cursors: (string | null)[] = [];
  const api = {
    changes: async (cursor: string | null) => {
      cursors.push(cursor);
      const page = pages.shift();
      if (!page) throw new Error('no more pages');
      return page;
    },
    listChildren: async (id: string) => children[id] ?? [],
  };
  return { api: api as unknown as ApiClient, cursors };
}

const saver = { checkpoint: () => undefined, save: async () => undefined } as unknown as StateSaver;

describe('ChangeFeedReader', () => {
  it('follows pages until hasMore is false', async () => {
    const state = emptyState();
    const { api, cursors } = fakeApi([
      { changes: [{ op: 'upsert', node: folder('d', ROOT, 'docs') }], cursor: 'c1', hasMore: true },
      { changes: [{ op: 'upsert', node: file('a', 'd', 'a.txt') }], cursor: 'c2', hasMore: false },
    ]);
    const count = await new ChangeFeedReader(api, state, saver).pull();
    expect(count).toBe(2);
    expect(cursors).toEqual(['c0', 'c1']);
    expect(state.cursor).toBe('c2');
    expect([...state.remote.keys()].sort()).toEqual(['a', 'd', ROOT]);
  });

  it('starts over without a cursor on reset', async () => {
    const state = emptyState();
    const { api, cursors } = fakeApi([
      { changes: [], cursor: 'x', hasMore: false, reset: true },
      { changes: [{ op: 'upsert', node: file('a', ROOT, 'a.txt') }], cursor: 'c9', hasMore: false },
    ]);
    await new ChangeFeedReader(api, state, saver).pull();
    expect(cursors).toEqual(['c0', null]);
    expect(state.base.size).toBe(0);
    expect(state.cursor).toBe('c9');
  });

  it('starts over when the server rejects the cursor', async () => {
    const state = emptyState();
    const { api, cursors } = fakeApi([
      { changes: [{ op: 'upsert', node: file('a', ROOT, 'a.txt') }], cursor: 'c9', hasMore: false },
    ]);
    const changes = api.changes.bind(api);
    (api as { changes: unknown }).changes = async (cursor: string | null) => {
      if (cursor === 'c0') {
        throw new ApiError('invalid cursor', 400, 'INVALID_ARGUMENT', 'ahead of the server');
      }
      return changes(cursor, null);
    };
    await new ChangeFeedReader(api, state, saver).pull();
    expect(cursors).toEqual([null]);
    expect(state.base.size).toBe(0);
    expect(state.cursor).toBe('c9');
  });

  it('rejects a second reset in a row', async () => {
    const reset: ChangesPage = { changes: [], cursor: 'x', hasMore: false, reset: true };
    const { api } = fakeApi([reset, { ...reset }]);
    await expect(new ChangeFeedReader(api, emptyState(), saver).pull()).rejects.toThrow(
      'reset the change feed twice',
    );
  });

  it('stops when the synced folder is deleted', async () => {
    const { api } = fakeApi([
      {
        changes: [{ op: 'delete', nodeId: ROOT, path: '/', kind: 'folder' }],
        cursor: 'c1',
        hasMore: false,
      },
    ]);
    const state = emptyState();
    await expect(new ChangeFeedReader(api, state, saver).pull()).rejects.toThrow('was deleted');
    expect(state.cursor).toBe('c0');
  });

  it('lists the contents of a folder moved in', async () => {
    const state = emptyState();
    const moved = { op: 'upsert' as const, node: folder('m', ROOT, 'm'), previousPath: '/out/m' };
    const { api } = fakeApi([{ changes: [moved], cursor: 'c1', hasMore: false }], {
      m: [folder('s', 'm', 'sub')],
      s: [file('f', 's', 'f.txt')],
    });
    await new ChangeFeedReader(api, state, saver).pull();
    expect([...state.remote.keys()].sort()).toEqual(['f', 'm', ROOT, 's']);
  });

  it('skips a moved-in folder deleted since', async () => {
    const state = emptyState();
    const moved = { op: 'upsert' as const, node: folder('m', ROOT, 'm'), previousPath: '/out/m' };
    const { api } = fakeApi([{ changes: [moved], cursor: 'c1', hasMore: false }]);
    const gone = new ApiError('GET /folders/m/children failed with 404', 404, 'NOT_FOUND', '');
    (api as { listChildren: unknown }).listChildren = async () => {
      throw gone;
    };
    await new ChangeFeedReader(api, state, saver).pull();
    expect(state.cursor).toBe('c1');
    expect([...state.remote.keys()].sort()).toEqual(['m', ROOT]);
  });

  it('prunes nodes moved out of the synced folder', async () => {
    const state = emptyState();
    const { api } = fakeApi([
      {
        changes: [
          { op: 'upsert', node: folder('d', ROOT, 'docs') },
          { op: 'upsert', node: file('a', 'd', 'a.txt') },
          { op: 'upsert', node: folder('d', 'elsewhere', 'docs'), previousPath: '/docs' },
        ],
        cursor: 'c1',
        hasMore: false,
      },
    ]);
    await new ChangeFeedReader(api, state, saver).pull();
    expect([...state.remote.keys()]).toEqual([ROOT]);
  });

  it('reports each conflict once', async () => {
    const state = emptyState();
    const lines: string[] = [];
    const stream = { isTTY: false, write: (text: string) => lines.push(text.trim()) > 0 };
    const reporter = new Reporter(stream as unknown as NodeJS.WriteStream);
    const conflict = {
      conflictId: 'k1',
      nodeId: 'a',
      path: '/a.txt',
      status: 'resolved' as const,
      strategy: 'KEEP_BOTH',
      resolution: 'KEEP_BOTH',
      copyNodeId: 'c',
    };
    const { api } = fakeApi([
      {
        changes: [
          { op: 'upsert', node: file('a', ROOT, 'a.txt') },
          { op: 'conflict', conflict: { ...conflict, status: 'open' } },
          { op: 'conflict', conflict },
          { op: 'upsert', node: file('c', ROOT, 'a (conflicted copy).txt') },
        ],
        cursor: 'c1',
        hasMore: false,
      },
    ]);
    await new ChangeFeedReader(api, state, saver, reporter).pull();
    expect(lines).toEqual([
      'conflict: a.txt: two edits were based on the same version (KEEP_BOTH); the other ' +
        'version is a (conflicted copy).txt',
    ]);
  });
});
