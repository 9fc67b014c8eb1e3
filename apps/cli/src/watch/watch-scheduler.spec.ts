import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Backoff } from './backoff.js';
import { type PassResult, type PassTrigger, WatchScheduler } from './watch-scheduler.js';

interface Pass {
  readonly startedAt: number;
  readonly triggers: PassTrigger[];
  finish(result?: PassResult): void;
  fail(error: Error): void;
}

/** Builds a scheduler whose passes stay open until the test finishes or fails them. */
function setUp(overrides: { onFailure?: (error: unknown) => boolean } = {}) {
  const passes: Pass[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const failures: number[] = [];
  let recoveries = 0;
  const start = Date.now();
  const scheduler = new WatchScheduler({
    debounceMs: 500,
    maxDelayMs: 2000,
    rescanIntervalMs: 60_000,
    failureBackoff: new Backoff({ initialMs: 1000, maxMs: 4000, jitter: 0 }),
    retryBackoff: new Backoff({ initialMs: 200, maxMs: 800, jitter: 0 }),
    runPass: (triggers) =>
      new Promise<PassResult>((resolve, reject) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const settle = () => (inFlight -= 1);
        passes.push({
          startedAt: Date.now() - start,
          triggers: [...triggers].sort(),
          finish: (result = { incomplete: false }) => {
            settle();
            resolve(result);
          },
          fail: (error) => {
            settle();
            reject(error);
          },
        });
      }),
    onFailure: (error, retryInMs) => {
      failures.push(retryInMs);
      return overrides.onFailure ? overrides.onFailure(error) : true;
    },
    onRecovery: () => (recoveries += 1),
  });
  return {
    scheduler,
    passes,
    failures,
    recoveries: () => recoveries,
    maxInFlight: () => maxInFlight,
    last: () => passes[passes.length - 1],
  };
}

/** Advances fake time and lets promise callbacks run. */
async function advance(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

describe('WatchScheduler', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs the first pass at start', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    await advance(0);
    expect(passes).toHaveLength(1);
    expect(passes[0].triggers).toEqual(['start']);
    passes[0].finish();
    await scheduler.stop();
  });

  it('debounces a burst into one pass', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    passes[0].finish();
    await advance(0);
    for (let i = 0; i < 5; i++) {
      scheduler.notify('local');
      await advance(100);
    }
    expect(passes).toHaveLength(1);
    await advance(399);
    expect(passes).toHaveLength(1);
    await advance(1);
    expect(passes).toHaveLength(2);
    expect(passes[1].startedAt).toBe(900);
    expect(passes[1].triggers).toEqual(['local']);
    passes[1].finish();
    await scheduler.stop();
  });

  it('caps the delay of a stream of events', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    passes[0].finish();
    await advance(0);
    for (let i = 0; i < 30; i++) {
      scheduler.notify('local');
      await advance(100);
    }
    expect(passes.length).toBeGreaterThanOrEqual(2);
    expect(passes[1].startedAt).toBe(2000);
    for (const pass of passes) pass.finish();
    await scheduler.stop();
  });

  it('merges local and remote triggers', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    passes[0].finish();
    await advance(0);
    scheduler.notify('local');
    scheduler.notify('remote');
    await advance(500);
    expect(passes).toHaveLength(2);
    expect(passes[1].triggers).toEqual(['local', 'remote']);
    passes[1].finish();
    await scheduler.stop();
  });

  it('runs one pass at a time with one follow-up', async () => {
    const { scheduler, passes, maxInFlight } = setUp();
    scheduler.start();
    await advance(0);
    for (let i = 0; i < 10; i++) {
      scheduler.notify(i % 2 === 0 ? 'local' : 'remote');
      await advance(700);
    }
    expect(passes).toHaveLength(1);
    passes[0].finish();
    await advance(0);
    expect(passes).toHaveLength(2);
    expect(passes[1].triggers).toEqual(['local', 'remote']);
    passes[1].finish();
    await advance(10_000);
    expect(passes).toHaveLength(2);
    expect(maxInFlight()).toBe(1);
    await scheduler.stop();
  });

  it('waits for a pending debounce after a pass', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    await advance(0);
    scheduler.notify('local');
    await advance(100);
    passes[0].finish();
    await advance(0);
    expect(passes).toHaveLength(1);
    await advance(400);
    expect(passes).toHaveLength(2);
    passes[1].finish();
    await scheduler.stop();
  });

  it('backs off exponentially up to the cap', async () => {
    const { scheduler, passes, failures } = setUp();
    scheduler.start();
    for (let i = 0; i < 5; i++) {
      await advance(0);
      passes[i].fail(new Error('ECONNREFUSED'));
      await advance(0);
      await advance(failures[i]);
    }
    expect(failures).toEqual([1000, 2000, 4000, 4000, 4000]);
    expect(passes.map((pass) => pass.startedAt)).toEqual([0, 1000, 3000, 7000, 11000, 15000]);
    expect(passes[1].triggers).toEqual(['retry']);
    passes[5].finish();
    await scheduler.stop();
  });

  it('holds events back while failing', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    await advance(0);
    passes[0].fail(new Error('offline'));
    await advance(0);
    scheduler.notify('local');
    await advance(999);
    expect(passes).toHaveLength(1);
    await advance(1);
    expect(passes).toHaveLength(2);
    expect(passes[1].triggers).toEqual(['local', 'retry']);
    passes[1].finish();
    await scheduler.stop();
  });

  it('skips the rescan while failing', async () => {
    const { scheduler, passes, failures } = setUp();
    scheduler.start();
    for (let i = 0; i < 20; i++) {
      await advance(0);
      passes[passes.length - 1].fail(new Error('offline'));
      await advance(0);
      await advance(failures[failures.length - 1]);
    }
    expect(passes.some((pass) => pass.triggers.includes('rescan'))).toBe(false);
    passes[passes.length - 1].finish();
    await scheduler.stop();
  });

  it('retries at once when the connection is back', async () => {
    const { scheduler, passes, recoveries } = setUp();
    scheduler.start();
    await advance(0);
    passes[0].fail(new Error('offline'));
    await advance(1000);
    passes[1].fail(new Error('offline'));
    await advance(500);
    scheduler.connectionRestored();
    await advance(0);
    expect(passes).toHaveLength(3);
    expect(passes[2].startedAt).toBe(1500);
    passes[2].finish();
    await advance(0);
    expect(recoveries()).toBe(1);
    await advance(10_000);
    expect(passes).toHaveLength(3);
    await scheduler.stop();
  });

  it('ignores a restored connection when not failing', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    passes[0].finish();
    await advance(0);
    scheduler.connectionRestored();
    await advance(0);
    expect(passes).toHaveLength(1);
    await scheduler.stop();
  });

  it('resets the backoff after a success', async () => {
    const { scheduler, passes, failures } = setUp();
    scheduler.start();
    await advance(0);
    passes[0].fail(new Error('offline'));
    await advance(1000);
    passes[1].fail(new Error('offline'));
    await advance(2000);
    passes[2].finish();
    await advance(0);
    scheduler.notify('local');
    await advance(500);
    passes[3].fail(new Error('offline'));
    await advance(0);
    expect(failures).toEqual([1000, 2000, 1000]);
    await advance(1000);
    passes[4].finish();
    await scheduler.stop();
  });

  it('stops on a failure that is not retried', async () => {
    const { scheduler, passes } = setUp({ onFailure: () => false });
    scheduler.start();
    await advance(0);
    passes[0].fail(new Error('token rejected'));
    await advance(0);
    await expect(scheduler.whenStopped).resolves.toBeUndefined();
    scheduler.notify('local');
    await advance(120_000);
    expect(passes).toHaveLength(1);
  });

  it('retries an incomplete pass with its own backoff', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    await advance(0);
    passes[0].finish({ incomplete: true });
    await advance(199);
    expect(passes).toHaveLength(1);
    await advance(1);
    expect(passes).toHaveLength(2);
    expect(passes[1].triggers).toEqual(['retry']);
    passes[1].finish({ incomplete: true });
    await advance(400);
    expect(passes).toHaveLength(3);
    passes[2].finish();
    await advance(60_000);
    expect(passes.length).toBe(4);
    expect(passes[3].triggers).toEqual(['rescan']);
    passes[3].finish();
    await scheduler.stop();
  });

  it('rescans on the interval', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    passes[0].finish();
    await advance(60_000);
    expect(passes).toHaveLength(2);
    expect(passes[1].triggers).toEqual(['rescan']);
    passes[1].finish();
    await advance(60_000);
    expect(passes).toHaveLength(3);
    passes[2].finish();
    await scheduler.stop();
  });

  it('waits for the running pass on stop', async () => {
    const { scheduler, passes } = setUp();
    scheduler.start();
    await advance(0);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await advance(0);
    expect(stopped).toBe(false);
    passes[0].finish();
    await stopping;
    expect(stopped).toBe(true);
    scheduler.notify('local');
    await advance(120_000);
    expect(passes).toHaveLength(1);
  });

  it('does not start once stopped', async () => {
    const { scheduler, passes } = setUp();
    await scheduler.stop();
    scheduler.start();
    await advance(120_000);
    expect(passes).toHaveLength(0);
  });
});
