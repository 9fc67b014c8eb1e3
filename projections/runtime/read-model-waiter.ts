import { DataSource } from 'typeorm';
import { comparePositions, type LogPosition } from '@scaidrive/event-store';
import { CheckpointStore } from './checkpoint-store.js';

interface Waiter {
  readonly position: LogPosition;
  readonly resolve: (reached: boolean) => void;
}

/**
 * Lets a request wait until every projection has applied a log position, so a client that just
 * wrote can read its write back. Checkpoints come from the in-process runner when there is one,
 * and from the checkpoints table otherwise.
 */
export class ReadModelWaiter {
  private readonly checkpoints = new Map<string, LogPosition>();
  private waiters: Waiter[] = [];

  constructor(
    private readonly projectionNames: readonly string[],
    private readonly dataSource: DataSource,
    private readonly inProcess: boolean,
  ) {}

  /** Position every projection has reached, or null when one has applied nothing yet. */
  lowestCheckpoint(): LogPosition | null {
    let lowest: LogPosition | null = null;
    for (const name of this.projectionNames) {
      const position = this.checkpoints.get(name);
      if (!position) return null;
      if (lowest === null || comparePositions(position, lowest) < 0) lowest = position;
    }
    return lowest;
  }

  advance(name: string, position: LogPosition): void {
    this.checkpoints.set(name, position);
    const lowest = this.lowestCheckpoint();
    if (!lowest) return;
    const pending: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (comparePositions(waiter.position, lowest) <= 0) waiter.resolve(true);
      else pending.push(waiter);
    }
    this.waiters = pending;
  }

  private reached(position: LogPosition): boolean {
    const lowest = this.lowestCheckpoint();
    return lowest !== null && comparePositions(position, lowest) <= 0;
  }

  /** Resolves true once all projections reached position, or false after timeoutMs. */
  async waitFor(position: LogPosition, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return true;
    if (!this.inProcess) return this.poll(position, timeoutMs);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== finish);
        resolve(false);
      }, timeoutMs);
      const finish = (reached: boolean) => {
        clearTimeout(timer);
        resolve(reached);
      };
      this.waiters.push({ position, resolve: finish });
    });
  }

  private async poll(position: LogPosition, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stored = await CheckpointStore.readAll(this.dataSource.manager);
      for (const [name, checkpoint] of stored) this.checkpoints.set(name, checkpoint);
      if (this.reached(position)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
