/** Settings of the EventStoreDB adapter; every field has a default. */
export interface EventStoreDbEventStoreOptions {
  /** Milliseconds to wait before a dropped subscription subscribes again. */
  readonly retryDelayMs?: number;
  /** Maximum number of events a subscription hands to its handler at once. */
  readonly subscriptionBatchSize?: number;
  /** Events fetched per request when readAll or headPosition pages through $all. */
  readonly readPageSize?: number;
}

export type ResolvedEventStoreDbEventStoreOptions = Required<EventStoreDbEventStoreOptions>;

/** Fills in the defaults and checks the numbers. */
export function resolveEventStoreDbEventStoreOptions(
  options: EventStoreDbEventStoreOptions,
): ResolvedEventStoreDbEventStoreOptions {
  const resolved = {
    retryDelayMs: options.retryDelayMs ?? 1000,
    subscriptionBatchSize: options.subscriptionBatchSize ?? 500,
    readPageSize: options.readPageSize ?? 500,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  if (resolved.readPageSize < 2) {
    // A page starting at an inclusive position may repeat one event, so it must hold two.
    throw new RangeError(`readPageSize must be at least 2, got ${resolved.readPageSize}`);
  }
  return resolved;
}
