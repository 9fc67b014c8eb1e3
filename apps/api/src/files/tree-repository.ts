import { Inject, Injectable } from '@nestjs/common';
import { type DriveEvent, evolveTree, TreeState, treeStreamId } from '@scaidrive/domain';
import { EVENT_STORE, type EventStore } from '@scaidrive/event-store';

interface CachedTree {
  readonly state: TreeState;
  /** Revision of the last event applied to state; -1 for a stream with no events. */
  revision: bigint;
  /** Tail of the queue that serializes work on this tree within the process. */
  queue: Promise<unknown>;
}

const CACHE_LIMIT = 1000;

/**
 * Loads tree aggregates and keeps them cached between commands, reading only the events appended
 * since the cached revision. Work on one tree is serialized within the process; across processes
 * the expected revision of each append keeps decisions consistent.
 */
@Injectable()
export class TreeRepository {
  private readonly cache = new Map<string, CachedTree>();

  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  private entry(treeId: string): CachedTree {
    let entry = this.cache.get(treeId);
    if (!entry) {
      if (this.cache.size >= CACHE_LIMIT) {
        const oldest = this.cache.keys().next().value!;
        this.cache.delete(oldest);
      }
      entry = { state: new TreeState(), revision: -1n, queue: Promise.resolve() };
      this.cache.set(treeId, entry);
    }
    return entry;
  }

  /** Runs work with exclusive use of the tree's up-to-date state. */
  async withTree<T>(
    treeId: string,
    work: (
      state: TreeState,
      revision: bigint,
      commit: (events: DriveEvent[], revision: bigint, occurredAt: string) => void,
    ) => Promise<T>,
  ): Promise<T> {
    const entry = this.entry(treeId);
    const run = entry.queue.then(async () => {
      await this.catchUp(treeId, entry);
      const commit = (events: DriveEvent[], revision: bigint, occurredAt: string) => {
        for (const event of events) evolveTree(entry.state, event, occurredAt);
        entry.revision = revision;
      };
      return work(entry.state, entry.revision, commit);
    });
    entry.queue = run.catch(() => undefined);
    return run;
  }

  private async catchUp(treeId: string, entry: CachedTree): Promise<void> {
    for (;;) {
      const events = await this.eventStore.readStream(treeStreamId(treeId), {
        fromRevision: entry.revision + 1n,
        maxCount: 5000,
      });
      for (const event of events) {
        const driveEvent = { type: event.type, data: event.data } as DriveEvent;
        evolveTree(entry.state, driveEvent, event.metadata.occurredAt);
        entry.revision = event.revision;
      }
      if (events.length < 5000) return;
    }
  }

  /** Forgets a tree, so the next command reads it again from its stream. */
  evict(treeId: string): void {
    this.cache.delete(treeId);
  }
}
