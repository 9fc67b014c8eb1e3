import {
  DEFAULT_APPEND_LOCK_KEY,
  resolvePostgresEventStoreOptions,
} from './postgres-event-store.options.js';

describe('resolvePostgresEventStoreOptions', () => {
  it('fills in the defaults', () => {
    const resolved = resolvePostgresEventStoreOptions({});
    expect(resolved.appendLockKey).toBe(DEFAULT_APPEND_LOCK_KEY);
    expect(resolved.notifyChannel).toBe('es_events_appended');
    expect(resolved.pollIntervalMs).toBe(1000);
    expect(resolved.subscriptionBatchSize).toBe(500);
  });

  it('keeps the default lock key inside a signed 64-bit integer', () => {
    expect(BigInt.asIntN(64, DEFAULT_APPEND_LOCK_KEY)).toBe(DEFAULT_APPEND_LOCK_KEY);
  });

  it.each([
    [{ pollIntervalMs: 0 }],
    [{ retryDelayMs: 1.5 }],
    [{ subscriptionBatchSize: -1 }],
    [{ notifyChannel: 'Bad; DROP TABLE es_events' }],
  ])('rejects %o', (options) => {
    expect(() => resolvePostgresEventStoreOptions(options)).toThrow(RangeError);
  });
});
