import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncContext } from '../../../../test/support/sync-context-fixture.js';
import { ApiError } from '../api/api-error.js';
import type { LocalEntry } from '../local/local-entry.js';
import type { PushPlan } from '../plan/plan-push.js';
import { FileChangedError } from './file-changed-error.js';
import type { SyncContext } from './sync-context.js';
import { SyncStoppedError } from './sync-stopped-error.js';
import { TransferGuard } from './transfer-guard.js';

describe('TransferGuard', () => {
  let root: string;
  let context: SyncContext;
  let warnings: string[];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'guard-'));
    ({ context, warnings } = await createSyncContext(root, {}));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('defers a file that changed', async () => {
    await new TransferGuard(context).run('a.txt', async () => {
      throw new FileChangedError('a.txt changed while it was uploaded');
    });
    expect(context.stats.deferred).toBe(1);
    expect(context.stats.errors).toBe(0);
    expect(warnings).toEqual(['warning: skipped a.txt: it changed during the sync']);
  });

  it('defers a file that vanished', async () => {
    await new TransferGuard(context).run('gone.txt', async () => {
      await readFile(join(root, 'gone.txt'));
    });
    expect(context.stats.deferred).toBe(1);
    expect(context.stats.errors).toBe(0);
  });

  it('counts a rejected request as an error', async () => {
    await new TransferGuard(context).run('a.txt', async () => {
      throw new ApiError('POST /files failed with 409', 409, 'NAME_CONFLICT', 'taken');
    });
    expect(context.stats.errors).toBe(1);
    expect(context.stats.deferred).toBe(0);
    expect(warnings[0]).toContain('failed to sync a.txt: POST /files failed with 409');
  });

  it('rejects a name a hidden share item takes', async () => {
    context.state.treeId = 'share-tree';
    await new TransferGuard(context).run('Secret', async () => {
      throw new ApiError('POST /folders failed with 409', 409, 'NAME_CONFLICT', 'taken');
    });
    expect(context.stats.rejected).toBe(1);
    expect(context.stats.errors).toBe(0);
  });

  it('keeps a forbidden change local', async () => {
    const entry: LocalEntry = { kind: 'file', size: 1, mtimeMs: 1 };
    const local = new Map([['a.txt', entry]]);
    context.rejected.startPush(local);
    await new TransferGuard(context).run('a.txt', async () => {
      throw new ApiError('POST /files failed with 403', 403, 'FORBIDDEN', 'WRITE is needed');
    });
    expect(context.stats.rejected).toBe(1);
    expect(context.stats.errors).toBe(0);
    expect(warnings).toEqual([
      'warning: not allowed to sync a.txt (WRITE is needed); it stays as it is locally',
    ]);
    const plan: PushPlan = {
      renames: [],
      createFolders: [],
      uploads: [{ path: 'a.txt', local: entry, base: null }],
      deletes: [],
    };
    expect(context.rejected.filter(plan, local).uploads).toEqual([]);
  });

  it('counts a denied file as an error', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), {
      code: 'EACCES',
      syscall: 'open',
    });
    await new TransferGuard(context).run('a.txt', async () => {
      throw denied;
    });
    expect(context.stats.errors).toBe(1);
  });

  it('throws failures of the whole pass', async () => {
    const offline = new ApiError('GET /me failed: ECONNREFUSED', 0, 'ECONNREFUSED', undefined);
    const guard = new TransferGuard(context);
    await expect(
      guard.run('a.txt', async () => {
        throw offline;
      }),
    ).rejects.toBe(offline);
    await expect(
      guard.run('a.txt', async () => {
        throw new TypeError('bug');
      }),
    ).rejects.toThrow('bug');
  });

  it('starts no work once stopped', async () => {
    const controller = new AbortController();
    const stopping = { ...context, stopSignal: controller.signal };
    controller.abort();
    let ran = false;
    const work = new TransferGuard(stopping).run('a.txt', async () => {
      ran = true;
    });
    await expect(work).rejects.toBeInstanceOf(SyncStoppedError);
    expect(ran).toBe(false);
  });
});
