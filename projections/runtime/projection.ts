import { EntityManager } from 'typeorm';
import { type RecordedEvent } from '@scaidrive/event-store';

/**
 * Builds read models from the event log. apply runs inside the transaction that also stores the
 * projection's checkpoint, so each event changes the rows exactly once.
 */
export interface Projection {
  readonly name: string;
  /** Tables the projection owns; a rebuild empties them before it replays the log. */
  readonly tables: readonly string[];
  apply(tx: EntityManager, event: RecordedEvent): Promise<void>;
  /** Runs after a batch's events, in the same transaction, before the checkpoint is written. */
  afterBatch?(tx: EntityManager, events: readonly RecordedEvent[]): Promise<void>;
}

/** Injection token of the list of projections. */
export const PROJECTIONS = Symbol('PROJECTIONS');
