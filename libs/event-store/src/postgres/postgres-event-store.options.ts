import type { LogPosition } from '../event-store.port.js';

/** Settings of the PostgreSQL event store; every field has a default. */
export interface PostgresEventStoreOptions {
  /**
   * Key of the transaction-level advisory lock that serialises appends. Every store writing to the
   * same tables must use the same key.
   */
  readonly appendLockKey?: bigint;
  /** LISTEN/NOTIFY channel that wakes subscriptions after a commit. */
  readonly notifyChannel?: string;
  /** Milliseconds between polls when no notification arrives; polling covers lost notifications. */
  readonly pollIntervalMs?: number;
  /** Milliseconds to wait before a subscription retries after a failed read or lost connection. */
  readonly retryDelayMs?: number;
  /** Maximum number of events a subscription hands to its handler at once. */
  readonly subscriptionBatchSize?: number;
  /**
   * Runs inside the append transaction, after the events are inserted and before COMMIT, while the
   * append lock is held; appends that write nothing skip it. Setting it moves every append into
   * an explicit transaction, three round trips more. Tests use it to hold transactions open.
   */
  readonly beforeCommit?: (streamId: string, position: LogPosition) => Promise<void>;
}

/** Key used when none is configured: the ASCII bytes of `es_event` read as a 64-bit integer. */
export const DEFAULT_APPEND_LOCK_KEY = 0x65735f6576656e74n;

export const DEFAULT_NOTIFY_CHANNEL = 'es_events_appended';

export type ResolvedPostgresEventStoreOptions = Required<
  Omit<PostgresEventStoreOptions, 'beforeCommit'>
> &
  Pick<PostgresEventStoreOptions, 'beforeCommit'>;

/** Fills in the defaults and checks the numbers. */
export function resolvePostgresEventStoreOptions(
  options: PostgresEventStoreOptions,
): ResolvedPostgresEventStoreOptions {
  const resolved = {
    appendLockKey: options.appendLockKey ?? DEFAULT_APPEND_LOCK_KEY,
    notifyChannel: options.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    retryDelayMs: options.retryDelayMs ?? 1000,
    subscriptionBatchSize: options.subscriptionBatchSize ?? 500,
    beforeCommit: options.beforeCommit,
  };
  for (const name of ['pollIntervalMs', 'retryDelayMs', 'subscriptionBatchSize'] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] <= 0) {
      throw new RangeError(`${name} must be a positive integer, got ${resolved[name]}`);
    }
  }
  if (!/^[a-z_][a-z0-9_]*$/.test(resolved.notifyChannel)) {
    throw new RangeError(
      `notifyChannel must be a lowercase SQL identifier, got ${resolved.notifyChannel}`,
    );
  }
  return resolved;
}
