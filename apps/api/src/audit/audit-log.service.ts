import { Inject, Injectable } from '@nestjs/common';
import {
  comparePositions,
  EVENT_STORE,
  type EventStore,
  formatPosition,
  type LogPosition,
  type RecordedEvent,
} from '@scaidrive/event-store';

/** One event as the audit log shows it. */
export interface AuditRecord {
  readonly position: string;
  readonly time: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: string;
  readonly actor: { readonly type: string; readonly id: string };
  readonly correlationId: string;
  readonly causationId: string;
  readonly occurredAt: string;
  readonly payload: unknown;
}

const PAGE = 1000;

/**
 * Returns the payload an auditor gets. A link's password hash stays in the log, which needs it to
 * rebuild the read models, but an auditor only learns whether there is a password: a hash would
 * let anyone with the audit role guess passwords offline.
 */
export function auditPayload(event: Pick<RecordedEvent, 'type' | 'data'>): unknown {
  if (event.type !== 'LinkCreated' && event.type !== 'LinkOptionsChanged') return event.data;
  const { passwordHash, ...rest } = event.data as { passwordHash: string | null };
  return { ...rest, passwordProtected: passwordHash !== null };
}

export function toAuditRecord(event: RecordedEvent): AuditRecord {
  return {
    position: formatPosition(event.position),
    time: event.createdAt.toISOString(),
    type: event.type,
    stream: event.streamId,
    revision: event.revision.toString(),
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    occurredAt: event.metadata.occurredAt,
    payload: auditPayload(event),
  };
}

/**
 * Reads one tenant's events from the log in position order, straight from the event store, so
 * the audit trail never depends on a read model.
 */
@Injectable()
export class AuditLogService {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  /**
   * Yields the tenant's events after `from` up to the head of the log as it was when the read
   * began, so an export ends even while writes continue.
   */
  async *events(tenantId: string, from: LogPosition | 'start'): AsyncGenerator<AuditRecord> {
    const head = await this.eventStore.headPosition();
    if (!head) return;
    let position = from;
    // NOTE: the log is scanned for all tenants and filtered here; a per-tenant index would make
    // an export proportional to the tenant's own events.
    for (;;) {
      const events = await this.eventStore.readAll({ from: position, maxCount: PAGE });
      for (const event of events) {
        if (comparePositions(event.position, head) > 0) return;
        if (event.metadata.tenantId === tenantId) yield toAuditRecord(event);
      }
      if (events.length < PAGE) return;
      position = events[events.length - 1].position;
    }
  }
}
