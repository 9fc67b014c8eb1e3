import type { AllStreamRecordedEvent, Position, ReadPosition } from '@eventstore/db-client';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import { validateAppend } from '../append-validation.js';
import { matchesEventFilter } from '../event-filter.js';
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
import { comparePositions } from '../log-position.js';
import { validateMaxCount } from '../read-validation.js';
import type {
  EventStoreDbEventStoreOptions,
  ResolvedEventStoreDbEventStoreOptions,
} from './eventstoredb-event-store.options.js';
import { resolveEventStoreDbEventStoreOptions } from './eventstoredb-event-store.options.js';
import {
  isSystemEvent,
  toJsonEvent,
  toPortAppendError,
  toRecordedEvent,
} from './eventstoredb-mapping.js';
import { EventStoreDbSubscription } from './eventstoredb-subscription.js';

/**
 * Event store on EventStoreDB through its gRPC client. Reading $all needs a user that may read it,
 * which by default means an admin. close() stops subscriptions and disposes the client.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly options: ResolvedEventStoreDbEventStoreOptions;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.options = resolveEventStoreDbEventStoreOptions(options);
  }

  /** Connects with an `esdb://` or `esdb+discover://` connection string. */
  static fromConnectionString(
    connectionString: string,
    options: EventStoreDbEventStoreOptions = {},
  ): EventStoreDbEventStore {
    return new EventStoreDbEventStore(
      EventStoreDBClient.connectionString(connectionString),
      options,
    );
  }

  async append(
    streamId: string,
    events: readonly EventData[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events);
    let result;
    try {
      result = await this.client.appendToStream(streamId, events.map(toJsonEvent), {
        expectedRevision,
      });
    } catch (error) {
      throw toPortAppendError(error, streamId, expectedRevision, events);
    }
    // An idempotent retry comes back without a position, so it is read from the stored event.
    const position =
      result.position ?? (await this.positionOfRevision(streamId, result.nextExpectedRevision));
    return { nextRevision: result.nextExpectedRevision, position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateMaxCount(options.maxCount);
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      maxCount: options.maxCount,
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        if (resolved.event && !isSystemEvent(resolved.event)) {
          events.push(toRecordedEvent(resolved.event));
        }
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /**
   * Pages through $all and filters on the client, because readAll in @eventstore/db-client 6
   * takes no server-side filter.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    validateMaxCount(options.maxCount);
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    let after: Position | null = options.from && options.from !== 'start' ? options.from : null;

    while (events.length < limit) {
      const page = await this.readAllPage(after ?? START, FORWARDS);
      let progressed = false;
      for (const event of page) {
        if (after && comparePositions(event.position, after) <= 0) continue;
        after = event.position;
        progressed = true;
        if (isSystemEvent(event)) continue;
        if (!matchesEventFilter(options.filter, event.streamId, event.type)) continue;
        events.push(toRecordedEvent(event));
        if (events.length >= limit) break;
      }
      if (page.length < this.options.readPageSize || !progressed) break;
    }
    return events;
  }

  subscribeToAll(options: SubscribeOptions, handler: EventBatchHandler): EventSubscription {
    const subscription = new EventStoreDbSubscription(
      this.client,
      options.filter,
      handler,
      {
        retryDelayMs: this.options.retryDelayMs,
        batchSize: this.options.subscriptionBatchSize,
      },
      options.from === 'start' ? null : options.from,
    );
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => {});
    return subscription;
  }

  /** Pages backwards from the end of $all to the last event that is not a system event. */
  async headPosition(): Promise<LogPosition | null> {
    let before: Position | null = null;
    for (;;) {
      const page = await this.readAllPage(before ?? END, BACKWARDS);
      let progressed = false;
      for (const event of page) {
        if (before && comparePositions(event.position, before) >= 0) continue;
        before = event.position;
        progressed = true;
        if (!isSystemEvent(event)) return toRecordedEvent(event).position;
      }
      if (page.length < this.options.readPageSize || !progressed) return null;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private async readAllPage(
    fromPosition: ReadPosition,
    direction: typeof FORWARDS | typeof BACKWARDS,
  ): Promise<AllStreamRecordedEvent[]> {
    const read = this.client.readAll({
      fromPosition,
      direction,
      maxCount: this.options.readPageSize,
    });
    const events: AllStreamRecordedEvent[] = [];
    for await (const resolved of read) {
      if (resolved.event) events.push(resolved.event);
    }
    return events;
  }

  private async positionOfRevision(streamId: string, revision: bigint): Promise<LogPosition> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!event || event.revision !== revision) {
      throw new Error(`EventStoreDB has no event at revision ${revision} of stream ${streamId}`);
    }
    return event.position;
  }
}
