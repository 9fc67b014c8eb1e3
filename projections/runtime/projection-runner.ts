import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type EventStore,
  type EventSubscription,
  formatPosition,
  type RecordedEvent,
} from '@scaidrive/event-store';
import { CheckpointStore } from './checkpoint-store.js';
import { type Projection } from './projection.js';
import { ReadModelWaiter } from './read-model-waiter.js';

const RESTART_DELAY_MS = 500;

/**
 * Keeps every projection subscribed to the whole log from its checkpoint. A failed batch rolls back
 * with its checkpoint, and the projection resubscribes from the last committed checkpoint after a
 * short delay, so faults neither lose nor repeat events.
 */
export class ProjectionRunner {
  private readonly logger = new Logger(ProjectionRunner.name);
  private readonly subscriptions = new Map<string, EventSubscription>();
  private stopping = false;

  constructor(
    private readonly eventStore: EventStore,
    private readonly dataSource: DataSource,
    private readonly projections: readonly Projection[],
    private readonly waiter: ReadModelWaiter,
  ) {}

  async start(): Promise<void> {
    this.stopping = false;
    await Promise.all(this.projections.map((projection) => this.subscribe(projection)));
  }

  private async subscribe(projection: Projection): Promise<void> {
    const checkpoint = await CheckpointStore.read(this.dataSource.manager, projection.name);
    if (checkpoint) this.waiter.advance(projection.name, checkpoint);
    this.logger.log({
      msg: 'projection started',
      projection: projection.name,
      position: checkpoint ? formatPosition(checkpoint) : 'start',
    });
    const subscription = this.eventStore.subscribeToAll({ from: checkpoint ?? 'start' }, (events) =>
      this.applyBatch(projection, events),
    );
    this.subscriptions.set(projection.name, subscription);
    subscription.done.then(
      () => undefined,
      (error: unknown) => this.restartAfterFailure(projection, error),
    );
  }

  private async applyBatch(projection: Projection, events: readonly RecordedEvent[]) {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    await this.dataSource.transaction(async (tx) => {
      for (const event of events) await projection.apply(tx, event);
      await CheckpointStore.write(tx, projection.name, last);
    });
    this.waiter.advance(projection.name, last);
  }

  private restartAfterFailure(projection: Projection, error: unknown): void {
    this.subscriptions.delete(projection.name);
    if (this.stopping) return;
    this.logger.error({
      msg: 'projection failed; resubscribing from its checkpoint',
      projection: projection.name,
      err: error instanceof Error ? { message: error.message, stack: error.stack } : error,
    });
    setTimeout(() => {
      if (this.stopping) return;
      this.subscribe(projection).catch((retryError: unknown) =>
        this.restartAfterFailure(projection, retryError),
      );
    }, RESTART_DELAY_MS);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const subscriptions = [...this.subscriptions.values()];
    this.subscriptions.clear();
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    this.logger.log({ msg: 'projections stopped' });
  }

  /**
   * Empties a projection's tables and checkpoint; the caller then starts the runner to replay the
   * log. Only call it while the runner is stopped.
   */
  async reset(projection: Projection): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      for (const table of projection.tables) await tx.query(`TRUNCATE ${table}`);
      await CheckpointStore.remove(tx, projection.name);
    });
  }
}
