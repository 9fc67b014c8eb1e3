import { describe, expect, it } from '@jest/globals';
import type { LocalEntry, LocalTree } from '../local/local-entry.js';
import type { PushPlan } from '../plan/plan-push.js';
import { RejectedChanges, localSignature } from './rejected-changes.js';

const file = (size: number, mtimeMs = 1): LocalEntry => ({ kind: 'file', size, mtimeMs });
const folder: LocalEntry = { kind: 'folder', size: 0, mtimeMs: 5 };

function planFor(local: LocalTree): PushPlan {
  return {
    renames: [],
    createFolders: [...local].filter(([, entry]) => entry.kind === 'folder').map(([path]) => path),
    uploads: [...local]
      .filter(([, entry]) => entry.kind === 'file')
      .map(([path, entry]) => ({ path, local: entry, base: null })),
    deletes: [],
  };
}

describe('RejectedChanges', () => {
  it('keeps every change before a rejection', () => {
    const local: LocalTree = new Map([['a.txt', file(1)]]);
    const plan = planFor(local);
    expect(new RejectedChanges().filter(plan, local)).toBe(plan);
  });

  it('leaves out an unchanged rejected file', () => {
    const local: LocalTree = new Map([
      ['a.txt', file(1)],
      ['b.txt', file(2)],
    ]);
    const rejected = new RejectedChanges();
    rejected.startPush(local);
    rejected.record('a.txt');
    const plan = rejected.filter(planFor(local), local);
    expect(plan.uploads.map((upload) => upload.path)).toEqual(['b.txt']);
  });

  it('sends a rejected file again once it changes', () => {
    const before: LocalTree = new Map([['a.txt', file(1)]]);
    const rejected = new RejectedChanges();
    rejected.startPush(before);
    rejected.record('a.txt');
    const after: LocalTree = new Map([['a.txt', file(1, 2)]]);
    expect(rejected.filter(planFor(after), after).uploads).toHaveLength(1);
    expect(rejected.filter(planFor(before), before).uploads).toHaveLength(1);
  });

  it('leaves out everything below a rejected folder', () => {
    const local: LocalTree = new Map([
      ['new', folder],
      ['new/a.txt', file(1)],
      ['new/sub', folder],
      ['other.txt', file(3)],
    ]);
    const rejected = new RejectedChanges();
    rejected.startPush(local);
    rejected.record('new');
    const plan = rejected.filter(planFor(local), local);
    expect(plan.createFolders).toEqual([]);
    expect(plan.uploads.map((upload) => upload.path)).toEqual(['other.txt']);
  });

  it('leaves out a rejected delete while the item stays gone', () => {
    const base = { nodeId: 'n', kind: 'file' as const };
    const plan: PushPlan = {
      renames: [],
      createFolders: [],
      uploads: [],
      deletes: [{ path: 'gone.txt', base, replaced: false }],
    };
    const rejected = new RejectedChanges();
    rejected.startPush(new Map());
    rejected.record('gone.txt');
    expect(rejected.filter(plan, new Map()).deletes).toEqual([]);
    const restored: LocalTree = new Map([['gone.txt', file(1)]]);
    expect(rejected.filter(plan, restored).deletes).toHaveLength(1);
  });
});

describe('localSignature', () => {
  it('ignores the times of folders', () => {
    expect(localSignature(folder)).toBe(localSignature({ ...folder, mtimeMs: 9 }));
  });

  it('tells files apart by size and time', () => {
    expect(localSignature(file(1, 1))).not.toBe(localSignature(file(1, 2)));
    expect(localSignature(file(1, 1))).not.toBe(localSignature(file(2, 1)));
    expect(localSignature(undefined)).toBe('absent');
  });
});
