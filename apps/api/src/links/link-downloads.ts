import { Inject, Injectable } from '@nestjs/common';
import {
  downloadDenial,
  type LinkDenialReason,
  type LinkEvent,
  linkState,
  linkStreamId,
} from '@scaidrive/domain';
import { EVENT_STORE, type EventStore, WrongExpectedVersionError } from '@scaidrive/event-store';
import { ReadYourWrites } from '../common/read-your-writes.js';
import { type AccessRecord, accessEventData, type Visit } from './link-access-log.js';
import { type LinkRow } from './link-queries.js';

/** Maximum decisions per download on a link that other processes keep appending to. */
const MAX_ATTEMPTS = 100;
const MAX_BACKOFF_MS = 10;

/**
 * Claims downloads of capped links. Each allowed download is appended to the link's own stream
 * at the revision its decision read, so two downloads can never both take the last one: the
 * second append fails and decides again on the stream that contains the first. Downloads of a link
 * in this process queue behind each other, which keeps those retries for other processes.
 */
@Injectable()
export class LinkDownloads {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** Returns null when the download may go ahead and is recorded, or the reason it may not. */
  claim(row: LinkRow, visit: Visit, record: AccessRecord): Promise<LinkDenialReason | null> {
    const previous = this.queues.get(row.id) ?? Promise.resolve();
    const claimed = previous.then(() => this.decide(row, visit, record));
    const settled = claimed.catch(() => undefined);
    this.queues.set(row.id, settled);
    void settled.then(() => {
      if (this.queues.get(row.id) === settled) this.queues.delete(row.id);
    });
    return claimed;
  }

  private async decide(
    row: LinkRow,
    visit: Visit,
    record: AccessRecord,
  ): Promise<LinkDenialReason | null> {
    const streamId = linkStreamId(row.id);
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.eventStore.readStream(streamId);
      const history = recorded.map((event) => ({ type: event.type, data: event.data }));
      const denial = downloadDenial(linkState(history as LinkEvent[]), new Date());
      if (denial !== null) return denial;
      try {
        const result = await this.eventStore.append(
          streamId,
          [accessEventData(row, visit, { ...record, reason: null })],
          recorded.at(-1)!.revision,
        );
        await this.readYourWrites.wait(result.position);
        return null;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_BACKOFF_MS));
      }
    }
  }
}
