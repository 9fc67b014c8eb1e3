import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChangeDto, ChangesPage } from '../api/api-types.js';
import { Backoff } from './backoff.js';
import { RemoteWatcher } from './remote-watcher.js';

const CHANGE: ChangeDto = { op: 'delete', nodeId: 'n', path: '/a.txt', kind: 'file' };

function page(cursor: string, changes: ChangeDto[] = [], reset = false): ChangesPage {
  return { changes, cursor, hasMore: false, reset };
}

/** Waits up to two seconds for a condition, checking every 5 ms. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await sleep(5);
  }
}

/** Builds a watcher whose long-polls return `script` in order, then wait until aborted. */
function setUp(script: (ChangesPage | Error)[], passCursors: string[] = ['c1']) {
  const polled: string[] = [];
  const received: (readonly ChangeDto[] | null)[] = [];
  const failures: number[] = [];
  let recoveries = 0;
  const watcher = new RemoteWatcher({
    createApi: (signal) => ({
      waitForChanges: async (cursor: string) => {
        polled.push(cursor);
        const next = script.shift();
        if (next === undefined) {
          return new Promise<ChangesPage>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error('aborted'))),
          );
        }
        if (next instanceof Error) throw next;
        return next;
      },
    }),
    waitSeconds: 30,
    passCursor: () => (passCursors.length > 1 ? passCursors.shift()! : passCursors[0]),
    passTree: () => 'tree-1',
    onChanges: (changes) => received.push(changes),
    onFailure: (_error, retryInMs) => failures.push(retryInMs),
    onRecovery: () => (recoveries += 1),
    backoff: new Backoff({ initialMs: 10, maxMs: 40, jitter: 0 }),
  });
  return { watcher, polled, received, failures, recoveries: () => recoveries, script };
}

describe('RemoteWatcher', () => {
  it('follows the cursors of its pages', async () => {
    const { watcher, polled, received } = setUp([page('c2', [CHANGE]), page('c3')]);
    watcher.start();
    await until(() => polled.length === 3);
    await watcher.stop();
    expect(polled).toEqual(['c1', 'c2', 'c3']);
    expect(received).toEqual([[CHANGE]]);
  });

  it('backs off after failures and reports the recovery', async () => {
    const failure = new Error('ECONNREFUSED');
    const { watcher, polled, failures, recoveries } = setUp([
      failure,
      failure,
      failure,
      page('c2'),
    ]);
    watcher.start();
    await until(() => polled.length === 5);
    await watcher.stop();
    expect(failures).toEqual([10, 20, 40]);
    expect(recoveries()).toBe(1);
    expect(polled).toEqual(['c1', 'c1', 'c1', 'c1', 'c2']);
  });

  it('restarts from the pass cursor after a reset', async () => {
    const { watcher, polled, received } = setUp([page('x', [], true)], ['c1', 'c9']);
    watcher.start();
    await until(() => polled.length === 2);
    await watcher.stop();
    expect(received).toEqual([null]);
    expect(polled).toEqual(['c1', 'c9']);
  });

  it('aborts the long-poll on stop', async () => {
    const { watcher, polled, failures } = setUp([]);
    watcher.start();
    await until(() => polled.length === 1);
    const started = Date.now();
    await watcher.stop();
    expect(Date.now() - started).toBeLessThan(500);
    expect(failures).toEqual([]);
  });
});
