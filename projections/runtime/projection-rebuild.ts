import { type DataSource } from 'typeorm';
import { type EventStore, type LogPosition } from '@scaidrive/event-store';
import { CheckpointStore } from './checkpoint-store.js';
import { type Projection } from './projection.js';
import { ProjectionLease } from './projection-lease.js';

const BATCH = 1000;

export interface RebuildReport {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/**
 * Empties a projection's tables and replays the whole log into them, a batch per transaction with
 * its checkpoint. It holds the projection's lease throughout, so it refuses to run while a server
 * or worker applies that projection.
 */
export async function rebuildProjection(
  eventStore: EventStore,
  dataSource: DataSource,
  databaseUrl: string,
  projection: Projection,
): Promise<RebuildReport> {
  const lease = new ProjectionLease(databaseUrl, projection.name);
  if (!(await lease.tryAcquire())) {
    throw new Error(
      `projection ${projection.name} is running in another process; stop the server or worker first`,
    );
  }
  try {
    const started = performance.now();
    await dataSource.transaction(async (tx) => {
      for (const table of projection.tables) await tx.query(`TRUNCATE ${table}`);
      await CheckpointStore.remove(tx, projection.name);
    });
    let from: LogPosition | 'start' = 'start';
    let events = 0;
    for (;;) {
      const batch = await eventStore.readAll({ from, maxCount: BATCH });
      if (batch.length === 0) break;
      const last = batch[batch.length - 1].position;
      await dataSource.transaction(async (tx) => {
        for (const event of batch) await projection.apply(tx, event);
        await projection.afterBatch?.(tx, batch);
        await CheckpointStore.write(tx, projection.name, last);
      });
      events += batch.length;
      from = last;
      if (batch.length < BATCH) break;
    }
    const seconds = (performance.now() - started) / 1000;
    return { projection: projection.name, events, seconds, eventsPerSecond: events / seconds };
  } finally {
    await lease.release();
  }
}
