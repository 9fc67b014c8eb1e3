import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  EventStoreDBClient,
  Position,
} from '@eventstore/db-client';
import { START } from '@eventstore/db-client';
import { Logger } from '@nestjs/common';
import { matchesEventFilter } from '../event-filter.js';
import type {
  EventBatchHandler,
  EventFilter,
  EventSubscription,
  RecordedEvent,
} from '../event-store.port.js';
import { comparePositions, formatPosition } from '../log-position.js';
import { isSystemEvent, toRecordedEvent, toServerFilter } from './eventstoredb-mapping.js';

export interface EventStoreDbSubscriptionSettings {
  readonly retryDelayMs: number;
  readonly batchSize: number;
}

/** Wraps an error thrown by the handler, which ends the subscription instead of a retry. */
class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

/** The part of a readable stream in object mode that readBatches uses. */
interface BufferedSource<T> {
  readonly readableLength: number;
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

/** Yields what the stream has buffered, at most `max` items at a time, waiting only when empty. */
async function* readBatches<T>(stream: BufferedSource<T>, max: number): AsyncGenerator<T[]> {
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    const first = await iterator.next();
    if (first.done) return;
    const batch = [first.value];
    while (batch.length < max && stream.readableLength > 0) {
      const next = await iterator.next();
      if (next.done) break;
      batch.push(next.value);
    }
    yield batch;
  }
}

/**
 * Catch-up subscription to $all that subscribes again from the last delivered position when the
 * connection drops. Events at or before that position are skipped, so a new subscription that
 * starts inclusively delivers nothing twice.
 */
export class EventStoreDbSubscription implements EventSubscription {
  readonly done: Promise<void>;
  private readonly logger = new Logger(EventStoreDbSubscription.name);
  private stopped = false;
  private current: AllStreamSubscription | null = null;
  private wakeSleeper: (() => void) | null = null;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly filter: EventFilter | undefined,
    private readonly handler: EventBatchHandler,
    private readonly settings: EventStoreDbSubscriptionSettings,
    private checkpoint: Position | null,
  ) {
    this.done = this.run();
    // Callers may never await done; the failure is logged in run() instead of going unhandled.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeSleeper?.();
    const current = this.current;
    if (current) {
      await current.unsubscribe().catch(() => undefined);
      current.destroy();
    }
    await this.done.catch(() => undefined);
  }

  private get position(): string {
    return this.checkpoint ? formatPosition(this.checkpoint) : 'start';
  }

  private async run(): Promise<void> {
    this.logger.log({ position: this.position }, 'Subscription started');
    while (!this.stopped) {
      try {
        await this.consume();
        if (!this.stopped) throw new Error('the server ended the subscription');
      } catch (error) {
        if (error instanceof HandlerFailure) {
          this.logger.error(
            { position: this.position, error: String(error.cause) },
            'Subscription handler failed, subscription stopped',
          );
          throw error.cause;
        }
        if (this.stopped) break;
        this.logger.warn(
          { position: this.position, error: String(error) },
          'Subscription dropped, subscribing again from the last delivered position',
        );
        await this.sleep(this.settings.retryDelayMs);
      }
    }
    this.logger.log({ position: this.position }, 'Subscription stopped');
  }

  private async consume(): Promise<void> {
    const subscription = this.client.subscribeToAll({
      fromPosition: this.checkpoint ?? START,
      filter: toServerFilter(this.filter),
    });
    this.current = subscription;
    try {
      const batches = readBatches<AllStreamResolvedEvent>(subscription, this.settings.batchSize);
      for await (const batch of batches) {
        if (this.stopped) return;
        await this.deliver(batch);
      }
    } finally {
      this.current = null;
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  private async deliver(batch: readonly AllStreamResolvedEvent[]): Promise<void> {
    const events: RecordedEvent[] = [];
    let last = this.checkpoint;
    for (const resolved of batch) {
      const event = resolved.event;
      if (!event) continue;
      if (last && comparePositions(event.position, last) <= 0) continue;
      last = event.position;
      if (isSystemEvent(event)) continue;
      if (!matchesEventFilter(this.filter, event.streamId, event.type)) continue;
      events.push(toRecordedEvent(event));
    }
    if (events.length > 0) {
      try {
        await this.handler(events);
      } catch (error) {
        throw new HandlerFailure(error);
      }
    }
    this.checkpoint = last;
  }

  private async sleep(ms: number): Promise<void> {
    if (this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeSleeper = null;
  }
}
