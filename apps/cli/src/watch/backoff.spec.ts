import { describe, expect, it } from '@jest/globals';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles up to the cap', () => {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 30_000, jitter: 0 });
    const delays = Array.from({ length: 8 }, () => backoff.next());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoff.attempts).toBe(8);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 4000, jitter: 0 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(500);
  });

  it('varies delays within the jitter', () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 10_000, jitter: 0.2, random: () => 0 });
    const high = new Backoff({ initialMs: 1000, maxMs: 10_000, jitter: 0.2, random: () => 0.999 });
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1200);
  });

  it('never exceeds the cap with jitter', () => {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 3000, random: () => 0.999 });
    const delays = Array.from({ length: 6 }, () => backoff.next());
    expect(Math.max(...delays)).toBe(3000);
  });
});
