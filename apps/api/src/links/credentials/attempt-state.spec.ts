import { addFailure, type AttemptState, MAX_LOCKOUT_SECONDS } from './attempt-state.js';

const policy = { limit: 3, windowSeconds: 900, lockoutSeconds: 60 };
const start = new Date('2027-01-01T00:00:00Z');

function at(seconds: number): Date {
  return new Date(start.getTime() + seconds * 1000);
}

function fail(state: AttemptState | null, times: number, now: Date): AttemptState | null {
  let current = state;
  for (let i = 0; i < times; i++) current = addFailure(current, policy, now);
  return current;
}

describe('addFailure', () => {
  it('starts a count at the first failure', () => {
    expect(addFailure(null, policy, start)).toEqual({
      failures: 1,
      windowStartedAt: start,
      lockedUntil: null,
      lockouts: 0,
    });
  });

  it('counts failures within the window', () => {
    const state = fail(null, 2, start);
    expect(state?.failures).toBe(2);
    expect(state?.lockedUntil).toBeNull();
  });

  it('locks when the limit is reached', () => {
    const state = fail(null, 3, at(10));
    expect(state).toEqual({
      failures: 0,
      windowStartedAt: at(10),
      lockedUntil: at(70),
      lockouts: 1,
    });
  });

  it('restarts the count after the window', () => {
    const before = fail(null, 2, start);
    const after = addFailure(before, policy, at(900));
    expect(after.failures).toBe(1);
    expect(after.windowStartedAt).toEqual(at(900));
  });

  it('doubles each further lock-out', () => {
    const first = fail(null, 3, start);
    const second = fail(first, 3, at(100));
    const third = fail(second, 3, at(300));
    expect(second?.lockedUntil).toEqual(at(100 + 120));
    expect(third?.lockedUntil).toEqual(at(300 + 240));
    expect(third?.lockouts).toBe(3);
  });

  it('caps a lock-out at an hour', () => {
    const many: AttemptState = {
      failures: 2,
      windowStartedAt: start,
      lockedUntil: null,
      lockouts: 10,
    };
    const locked = addFailure(many, policy, at(1));
    expect(locked.lockedUntil).toEqual(at(1 + MAX_LOCKOUT_SECONDS));
  });

  it('keeps lock-out history within a window of the lock', () => {
    const locked = fail(null, 3, start);
    const later = addFailure(locked, policy, at(60 + 899));
    expect(later.lockouts).toBe(1);
    expect(later.failures).toBe(1);
  });

  it('forgets lock-outs after a quiet window', () => {
    const locked = fail(null, 3, start);
    const later = addFailure(locked, policy, at(60 + 900));
    expect(later.lockouts).toBe(0);
    expect(later.lockedUntil).toBeNull();
  });

  it('locks at once with a limit of one', () => {
    const state = addFailure(null, { ...policy, limit: 1 }, start);
    expect(state.lockedUntil).toEqual(at(60));
    expect(state.failures).toBe(0);
  });
});
