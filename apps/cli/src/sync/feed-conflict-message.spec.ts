import { describe, expect, it } from '@jest/globals';
import type { ConflictChange } from '../api/api-types.js';
import { STATE_FORMAT, type SyncState } from '../state/sync-state.js';
import { describeFeedConflict } from './feed-conflict-message.js';

const VERSION = { id: 'v', size: 1, sha256: 'aa', mtime: '2026-01-01T00:00:00Z' };

function state(remoteRootPath = '/'): SyncState {
  return {
    format: STATE_FORMAT,
    apiUrl: 'http://127.0.0.1:1/api/v1',
    userId: 'u',
    treeId: null,
    shareName: null,
    remoteRootPath,
    remoteRootId: 'root',
    cursor: 'c',
    remote: new Map([
      ['root', { parentId: null, name: '', kind: 'folder', version: null }],
      ['docs', { parentId: 'root', name: 'docs', kind: 'folder', version: null }],
      ['a', { parentId: 'docs', name: 'a.txt', kind: 'file', version: VERSION }],
      [
        'copy',
        { parentId: 'docs', name: 'a (conflicted copy).txt', kind: 'file', version: VERSION },
      ],
    ]),
    base: new Map(),
  };
}

function conflict(overrides: Partial<ConflictChange['conflict']>): ConflictChange {
  return {
    op: 'conflict',
    conflict: {
      conflictId: 'c1',
      nodeId: 'a',
      path: '/docs/a.txt',
      status: 'resolved',
      strategy: 'KEEP_BOTH',
      resolution: 'KEEP_BOTH',
      copyNodeId: 'copy',
      ...overrides,
    },
  };
}

describe('describeFeedConflict', () => {
  it('names the file and its copy', () => {
    expect(describeFeedConflict(conflict({}), state())).toBe(
      'docs/a.txt: two edits were based on the same version (KEEP_BOTH); the other version is ' +
        'docs/a (conflicted copy).txt',
    );
  });

  it('points to the resolve command for an open conflict', () => {
    const open = conflict({ status: 'open', strategy: 'MANUAL', copyNodeId: null });
    expect(describeFeedConflict(open, state())).toContain('scaidrive conflicts resolve');
  });

  it('names the resolution without a copy', () => {
    const resolved = conflict({ strategy: 'LAST_WRITER_WINS', resolution: 'TAKE_INCOMING' });
    const message = describeFeedConflict(
      { ...resolved, conflict: { ...resolved.conflict, copyNodeId: null } },
      state(),
    );
    expect(message).toContain('resolved by TAKE_INCOMING');
  });

  it('shortens the path of a node it does not store', () => {
    const elsewhere = conflict({ nodeId: 'gone', path: '/Projects/docs/b.txt' });
    expect(describeFeedConflict(elsewhere, state('/Projects'))).toMatch(/^docs\/b\.txt: /u);
  });
});
