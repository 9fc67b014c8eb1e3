import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { runConcurrently } from './run-concurrently.js';

describe('runConcurrently', () => {
  it('runs every item within the limit', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(5);
      done.push(item);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('stops starting work after a failure', async () => {
    const started: number[] = [];
    const run = runConcurrently([1, 2, 3, 4], 1, async (item) => {
      started.push(item);
      if (item === 2) throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('accepts an empty list', async () => {
    await expect(runConcurrently([], 4, async () => undefined)).resolves.toBeUndefined();
  });
});
