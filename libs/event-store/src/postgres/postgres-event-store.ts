import pg from 'pg';
import { validateAppend } from '../append-validation.js';
import type {
  AppendResult,
  EventBatchHandler,
  EventData,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  LogPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.port.js';
import { validateMaxCount } from '../read-validation.js';
import { appendUnderLock } from './postgres-append.js';
import {
  type PostgresEventStoreOptions,
  type ResolvedPostgresEventStoreOptions,
  resolvePostgresEventStoreOptions,
} from './postgres-event-store.options.js';
import { PostgresNotificationListener } from './postgres-notification-listener.js';
import { selectAll, selectHeadPosition, selectStream } from './postgres-queries.js';
import { migrateEventStoreSchema } from './postgres-schema.js';
import { PostgresSubscription } from './postgres-subscription.js';

/**
 * Event store on PostgreSQL tables es_events and es_streams. Appends are serialised by one
 * advisory lock so that readers polling by position never miss a late commit. The pool belongs to
 * the caller, so close() stops subscriptions but does not end the pool. While any subscription
 * runs, the store keeps one pool connection in LISTEN mode.
 */
export class PostgresEventStore implements EventStore {
  private readonly options: ResolvedPostgresEventStoreOptions;
  private readonly listener: PostgresNotificationListener;
  private readonly subscriptions = new Set<PostgresSubscription>();

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.options = resolvePostgresEventStoreOptions(options);
    this.listener = new PostgresNotificationListener(
      pool,
      this.options.notifyChannel,
      this.options.retryDelayMs,
    );
  }

  /** Creates the tables and indexes unless they exist. */
  migrate(): Promise<void> {
    return migrateEventStoreSchema(this.pool);
  }

  async append(
    streamId: string,
    events: readonly EventData[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events);
    return appendUnderLock(this.pool, this.options, streamId, events, expectedRevision);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateMaxCount(options.maxCount);
    if (options.maxCount === 0) return [];
    return selectStream(this.pool, streamId, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    validateMaxCount(options.maxCount);
    if (options.maxCount === 0) return [];
    return selectAll(this.pool, options);
  }

  subscribeToAll(options: SubscribeOptions, handler: EventBatchHandler): EventSubscription {
    const start = options.from === 'start' ? -1n : options.from.commit;
    const subscription = new PostgresSubscription(
      (after, limit) =>
        selectAll(this.pool, {
          from: { commit: after, prepare: after },
          maxCount: limit,
          filter: options.filter,
        }),
      (wake) => this.listener.listen(wake),
      handler,
      {
        pollIntervalMs: this.options.pollIntervalMs,
        retryDelayMs: this.options.retryDelayMs,
        batchSize: this.options.subscriptionBatchSize,
      },
      start,
    );
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => {});
    return subscription;
  }

  headPosition(): Promise<LogPosition | null> {
    return selectHeadPosition(this.pool);
  }

  /** Stops every subscription and the notification listener; the pool stays open. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.listener.close();
  }
}
