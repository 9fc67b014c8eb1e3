import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type EventStore,
  type EventSubscription,
  formatPosition,
  type RecordedEvent,
} from '@scaidrive/event-store';
import { CheckpointStore } from './checkpoint-store.js';
import { ProjectionLease } from './projection-lease.js';
import { type Projection } from './projection.js';
import { ReadModelWaiter } from './read-model-waiter.js';

/** First resubscription delay after a failure; it doubles with each failure in a row. */
const FIRST_RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 5000;

/**
 * Keeps every projection subscribed to the whole log from its checkpoint. A failed batch rolls back
 * with its checkpoint, and the projection resubscribes from the last committed checkpoint after a
 * short delay, so faults neither lose nor repeat events.
 */
export class ProjectionRunner {
  private readonly logger = new Logger(ProjectionRunner.name);
  private readonly subscriptions = new Map<string, EventSubscription>();
  private readonly leases = new Map<string, ProjectionLease>();
  private stopping = false;
  /**
   * Counts start() calls. Work that resumes after an await (a lease won late, a checkpoint read,
   * a retry timer) subscribes only if no stop() or later start() came in between, so a projection
   * never has two subscriptions applying the same events.
   */
  private generation = 0;
  /** Failures in a row of each projection, reset by the next batch it applies. */
  private readonly failures = new Map<string, number>();
  /** When the current run of failures of each projection began. */
  private readonly failingSince = new Map<string, Date>();

  /**
   * With a databaseUrl, each projection runs only while this process holds its lease, so several
   * workers can run for availability with one active owner per projection.
   */
  constructor(
    private readonly eventStore: EventStore,
    private readonly dataSource: DataSource,
    private readonly projections: readonly Projection[],
    private readonly waiter: ReadModelWaiter,
    private readonly databaseUrl: string | null = null,
  ) {}

  /** Starts every projection; with leases, resolves once the leases this process won are held. */
  async start(): Promise<void> {
    this.stopping = false;
    const generation = ++this.generation;
    await Promise.all(this.projections.map((projection) => this.own(projection, generation)));
  }

  private current(generation: number): boolean {
    return !this.stopping && generation === this.generation;
  }

  /** Subscribes, and keeps retrying when reading the checkpoint fails. */
  private async subscribeOrRetry(projection: Projection, generation: number): Promise<void> {
    try {
      await this.subscribe(projection, generation);
    } catch (error) {
      this.restartAfterFailure(projection, generation, error);
    }
  }

  private async own(projection: Projection, generation: number): Promise<void> {
    if (!this.databaseUrl) return this.subscribeOrRetry(projection, generation);
    const lease = new ProjectionLease(this.databaseUrl, projection.name);
    this.leases.set(projection.name, lease);
    const acquired = lease
      .acquire((error) => this.leaseLost(projection, lease, generation, error))
      .then((held) => {
        if (held && this.current(generation)) return this.subscribeOrRetry(projection, generation);
      });
    // A standby waits in the background; the first attempt decides whether start() waits.
    await Promise.race([acquired, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }

  private leaseLost(
    projection: Projection,
    lease: ProjectionLease,
    generation: number,
    error: Error,
  ): void {
    if (this.leases.get(projection.name) !== lease) return;
    this.logger.error({
      msg: 'projection lease lost; stopping it',
      projection: projection.name,
      err: error.message,
    });
    const subscription = this.subscriptions.get(projection.name);
    this.subscriptions.delete(projection.name);
    this.leases.delete(projection.name);
    void lease.release();
    void (subscription?.stop() ?? Promise.resolve()).then(() => {
      if (this.current(generation)) return this.own(projection, generation);
    });
  }

  private async subscribe(projection: Projection, generation: number): Promise<void> {
    const checkpoint = await CheckpointStore.read(this.dataSource.manager, projection.name);
    if (!this.current(generation) || this.subscriptions.has(projection.name)) return;
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
      (error: unknown) => {
        if (this.subscriptions.get(projection.name) !== subscription) return;
        this.subscriptions.delete(projection.name);
        this.restartAfterFailure(projection, generation, error);
      },
    );
  }

  private async applyBatch(projection: Projection, events: readonly RecordedEvent[]) {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    await this.dataSource.transaction(async (tx) => {
      for (const event of events) await projection.apply(tx, event);
      await projection.afterBatch?.(tx, events);
      await CheckpointStore.write(tx, projection.name, last);
    });
    this.waiter.advance(projection.name, last);
    this.failures.delete(projection.name);
    this.failingSince.delete(projection.name);
  }

  /** Returns the projections whose last attempt failed, with the failures in a row and their start. */
  failing(): { projection: string; failures: number; since: string }[] {
    return [...this.failures].map(([projection, failures]) => ({
      projection,
      failures,
      since: (this.failingSince.get(projection) ?? new Date()).toISOString(),
    }));
  }

  private restartAfterFailure(projection: Projection, generation: number, error: unknown): void {
    if (!this.current(generation)) return;
    const failures = (this.failures.get(projection.name) ?? 0) + 1;
    this.failures.set(projection.name, failures);
    if (failures === 1) this.failingSince.set(projection.name, new Date());
    // A short first delay keeps a dropped connection from stalling the read models. The growing
    // delays keep a database that is down from being flooded with reconnections.
    const delay = Math.min(FIRST_RESTART_DELAY_MS * 2 ** (failures - 1), MAX_RESTART_DELAY_MS);
    this.logger.error({
      msg: 'projection failed; resubscribing from its checkpoint',
      projection: projection.name,
      failures,
      delayMs: delay,
      err: error instanceof Error ? { message: error.message, stack: error.stack } : error,
    });
    setTimeout(() => {
      if (this.current(generation)) void this.subscribeOrRetry(projection, generation);
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const subscriptions = [...this.subscriptions.values()];
    this.subscriptions.clear();
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    const leases = [...this.leases.values()];
    this.leases.clear();
    await Promise.all(leases.map((lease) => lease.release()));
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
