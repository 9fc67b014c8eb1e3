import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type SharingEvent } from '@scaidrive/domain';

/** An event as deciders produce it: a type and its data. */
type DecidedEvent = { readonly type: string; readonly data: unknown };
import {
  EVENT_STORE,
  type EventStore,
  type LogPosition,
  WrongExpectedVersionError,
} from '@scaidrive/event-store';
import { type Principal } from '../auth/principal.js';
import { metadataFor, toEventData } from '../common/event-envelope.js';
import { ReadYourWrites } from '../common/read-your-writes.js';

const MAX_ATTEMPTS = 20;
/** Maximum random pause before a retry, so that racing requests stop colliding in lockstep. */
const MAX_BACKOFF_MS = 25;

/**
 * Runs a decision against a group, share or link stream: read every event, decide, append with the
 * stream's revision, and retry with fresh events when another request appended first. Returns
 * once the read models hold what it appended.
 */
@Injectable()
export class StreamCommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async run<E extends DecidedEvent = SharingEvent>(
    principal: Principal,
    streamId: string,
    decide: (history: E[]) => E[],
  ): Promise<{ events: E[]; position: LogPosition | null }> {
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.eventStore.readStream(streamId);
      const history = recorded.map((event) => ({ type: event.type, data: event.data }));
      const events = decide(history as E[]);
      if (events.length === 0) return { events, position: null };
      const metadata = metadataFor(
        principal.tenantId,
        { type: 'user', id: principal.userId },
        new Date(),
      );
      const expected = recorded.length === 0 ? 'no_stream' : recorded.at(-1)!.revision;
      try {
        const result = await this.eventStore.append(
          streamId,
          toEventData(events, metadata),
          expected,
        );
        await this.readYourWrites.wait(result.position);
        return { events, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) {
          if (error instanceof WrongExpectedVersionError) {
            throw new DomainError('CONCURRENCY_CONFLICT', 'changed concurrently; retry', {
              streamId,
            });
          }
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_BACKOFF_MS));
      }
    }
  }
}
