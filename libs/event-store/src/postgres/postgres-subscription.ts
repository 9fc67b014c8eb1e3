import { Logger } from '@nestjs/common';
import type { EventBatchHandler, EventSubscription, RecordedEvent } from '../event-store.port.js';

/** Reads up to `limit` events after the exclusive position `after`, in position order. */
export type ReadAfter = (after: bigint, limit: number) => Promise<RecordedEvent[]>;

/** Registers a wake-up callback and returns the function that removes it. */
export type ListenForAppends = (wake: () => void) => () => void;

export interface PostgresSubscriptionSettings {
  readonly pollIntervalMs: number;
  readonly retryDelayMs: number;
  readonly batchSize: number;
}

/**
 * Catch-up subscription that polls by position. Appends commit in position order (see
 * appendUnderLock), so an empty read means nothing is missing below the next position, and the
 * last delivered position is a safe place to resume after any failed read.
 */
export class PostgresSubscription implements EventSubscription {
  readonly done: Promise<void>;
  private readonly logger = new Logger(PostgresSubscription.name);
  private stopped = false;
  private notified = false;
  private wakeSleeper: (() => void) | null = null;

  constructor(
    private readonly readAfter: ReadAfter,
    private readonly listenForAppends: ListenForAppends,
    private readonly handler: EventBatchHandler,
    private readonly settings: PostgresSubscriptionSettings,
    private checkpoint: bigint,
  ) {
    this.done = this.run();
    // Callers may never await done; the failure is logged in run() instead of going unhandled.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.done.catch(() => undefined);
  }

  private wake(): void {
    this.notified = true;
    this.wakeSleeper?.();
  }

  /** Waits for a wake-up or the timeout; returns at once if a wake-up came since the last read. */
  private async sleep(ms: number): Promise<void> {
    if (this.notified || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeSleeper = null;
  }

  private async readNext(): Promise<RecordedEvent[] | null> {
    this.notified = false;
    try {
      return await this.readAfter(this.checkpoint, this.settings.batchSize);
    } catch (error) {
      this.logger.warn(
        { position: this.checkpoint.toString(), error: String(error) },
        'Subscription read failed, retrying from the last delivered position',
      );
      await this.sleep(this.settings.retryDelayMs);
      return null;
    }
  }

  private async run(): Promise<void> {
    const unlisten = this.listenForAppends(() => this.wake());
    this.logger.log({ position: this.checkpoint.toString() }, 'Subscription started');
    try {
      while (!this.stopped) {
        const batch = await this.readNext();
        if (batch === null || this.stopped) continue;
        if (batch.length === 0) {
          await this.sleep(this.settings.pollIntervalMs);
          continue;
        }
        await this.handler(batch);
        this.checkpoint = batch[batch.length - 1].position.commit;
      }
      this.logger.log({ position: this.checkpoint.toString() }, 'Subscription stopped');
    } catch (error) {
      this.logger.error(
        { position: this.checkpoint.toString(), error: String(error) },
        'Subscription handler failed, subscription stopped',
      );
      throw error;
    } finally {
      unlisten();
    }
  }
}
