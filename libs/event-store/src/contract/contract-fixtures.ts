import { randomBytes, randomUUID } from 'node:crypto';
import type { EventMetadata } from '@scaidrive/domain';
import type {
  EventData,
  EventFilter,
  EventStore,
  LogPosition,
  RecordedEvent,
} from '../event-store.port.js';

/** A store under test and the function that releases what the factory created for it. */
export interface EventStoreContractSubject {
  readonly store: EventStore;
  dispose(): Promise<void>;
}

export type EventStoreContractFactory = () => Promise<EventStoreContractSubject>;

const metadata: EventMetadata = {
  tenantId: 'tenant-contract',
  actor: { type: 'system', id: 'contract-suite' },
  correlationId: 'correlation-contract',
  causationId: 'causation-contract',
  occurredAt: '2026-01-01T00:00:00.000Z',
  schemaVersion: 1,
};

/** Builds an event with a fresh id. */
export function newEvent(type = 'ContractEventRecorded', data: unknown = { n: 1 }): EventData {
  return { id: randomUUID(), type, data, metadata };
}

/** Returns a stream prefix no other test uses, so tests can share one EventStoreDB log. */
export function uniquePrefix(): string {
  return `contract${randomBytes(5).toString('hex')}-`;
}

/** Returns the current head as an exclusive start, so reads see only what the test appends. */
export async function startAfterHead(store: EventStore): Promise<LogPosition | 'start'> {
  return (await store.headPosition()) ?? 'start';
}

export interface CollectedEvents {
  readonly events: RecordedEvent[];
  /** Resolves once at least `count` events have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<RecordedEvent[]>;
  stop(): Promise<void>;
}

/** Subscribes and records every delivered event in delivery order. */
export function collect(
  store: EventStore,
  from: LogPosition | 'start',
  filter?: EventFilter,
): CollectedEvents {
  const events: RecordedEvent[] = [];
  let notify = (): void => undefined;
  const subscription = store.subscribeToAll({ from, filter }, async (batch) => {
    events.push(...batch);
    notify();
  });
  const waitFor = (count: number, timeoutMs = 15000): Promise<RecordedEvent[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`received ${events.length} of ${count} events in ${timeoutMs} ms`));
      }, timeoutMs);
      notify = () => {
        if (events.length < count) return;
        clearTimeout(timer);
        resolve(events);
      };
      notify();
    });
  return { events, waitFor, stop: () => subscription.stop() };
}

/** Builds an event whose measured append size is exactly `bytes`. */
export function eventOfSize(bytes: number, measure: (events: EventData[]) => number): EventData {
  const event = newEvent('ContractPayloadRecorded', { padding: '' });
  const overhead = measure([event]);
  return { ...event, data: { padding: 'x'.repeat(bytes - overhead) } };
}
