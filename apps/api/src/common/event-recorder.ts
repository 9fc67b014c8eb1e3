import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  type ExpectedRevision,
  type LogPosition,
} from '@scaidrive/event-store';
import { type Principal } from '../auth/principal.js';
import { metadataFor, toEventData } from './event-envelope.js';
import { ReadYourWrites } from './read-your-writes.js';

/**
 * Appends administrative events with the caller as actor to a stream of `tenantId`'s log, then
 * waits until the read models include them, so the answer shows the change.
 */
@Injectable()
export class EventRecorder {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async record(
    principal: Principal,
    tenantId: string,
    streamId: string,
    events: readonly { type: string; data: unknown }[],
    expected: ExpectedRevision,
  ): Promise<LogPosition> {
    const metadata = metadataFor(tenantId, { type: 'user', id: principal.userId }, new Date());
    const result = await this.eventStore.append(streamId, toEventData(events, metadata), expected);
    await this.readYourWrites.wait(result.position);
    return result.position;
  }
}
