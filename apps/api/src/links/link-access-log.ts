import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type LinkAccessed,
  type LinkAction,
  type LinkDenialReason,
  linkAccessStreamId,
} from '@scaidrive/domain';
import { EVENT_STORE, type EventData, type EventStore } from '@scaidrive/event-store';
import { metadataFor } from '../common/event-envelope.js';
import { ReadYourWrites } from '../common/read-your-writes.js';
import { type LinkRow } from './link-queries.js';

/** A visit to a link: the token, and the request's address, user agent and access token. */
export interface Visit {
  readonly token: string;
  readonly clientAddress: string;
  readonly userAgent: string | null;
  /** The `X-Link-Access` header: an access token from an earlier unlock. */
  readonly accessToken: string | null;
}

/** One access as the log records it. */
export interface AccessRecord {
  readonly action: LinkAction;
  readonly reason: LinkDenialReason | null;
  readonly nodeId?: string | null;
  readonly email?: string | null;
  readonly bytes?: number | null;
}

/** Builds the event data of an access; null reason means it was allowed. */
export function accessEvent(row: LinkRow, visit: Visit, record: AccessRecord): LinkAccessed {
  return {
    linkId: row.id,
    shareId: row.share_id,
    treeId: row.tree_id,
    nodeId: record.nodeId ?? null,
    action: record.action,
    outcome: record.reason === null ? 'allowed' : 'denied',
    reason: record.reason,
    clientAddress: visit.clientAddress,
    userAgent: visit.userAgent,
    email: record.email ?? null,
    bytes: record.bytes ?? null,
  };
}

/** Wraps an access into the event data a link's streams take, with the link as actor. */
export function accessEventData(row: LinkRow, visit: Visit, record: AccessRecord): EventData {
  const metadata = metadataFor(row.tenant_id, { type: 'link', id: row.id }, new Date());
  return {
    id: randomUUID(),
    type: 'LinkAccessed',
    data: accessEvent(row, visit, record),
    metadata,
  };
}

/**
 * Appends accesses to a link's access stream, which takes appends at any revision so that busy
 * links do not contend. The response waits until the log shows the access, so a manager who
 * reads the log after a visitor's response finds it there.
 */
@Injectable()
export class LinkAccessLog {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async record(row: LinkRow, visit: Visit, record: AccessRecord): Promise<void> {
    const result = await this.eventStore.append(
      linkAccessStreamId(row.id),
      [accessEventData(row, visit, record)],
      'any',
    );
    await this.readYourWrites.wait(result.position);
  }
}
