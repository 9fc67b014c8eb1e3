import { randomUUID } from 'node:crypto';
import { type Actor, type EventMetadata } from '@scaidrive/domain';
import { type EventData } from '@scaidrive/event-store';
import { currentRequestId } from './request-context.js';

export const SCHEMA_VERSION = 1;

/** Metadata for events caused by the current request. */
export function metadataFor(tenantId: string, actor: Actor, occurredAt: Date): EventMetadata {
  const requestId = currentRequestId();
  return {
    tenantId,
    actor,
    correlationId: requestId,
    causationId: requestId,
    occurredAt: occurredAt.toISOString(),
    schemaVersion: SCHEMA_VERSION,
  };
}

/** Wraps typed domain events into EventData with fresh ids and shared metadata. */
export function toEventData(
  events: readonly { type: string; data: unknown }[],
  metadata: EventMetadata,
): EventData[] {
  return events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata,
  }));
}
