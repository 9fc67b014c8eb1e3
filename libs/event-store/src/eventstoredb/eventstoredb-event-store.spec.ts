import { jest } from '@jest/globals';
import { PassThrough, Readable } from 'node:stream';
import type { AllStreamResolvedEvent, EventStoreDBClient, Position } from '@eventstore/db-client';
import {
  MaxAppendSizeExceededError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import { Logger } from '@nestjs/common';
import { newEvent } from '../contract/contract-fixtures.js';
import { AppendTooLargeError, WrongExpectedVersionError } from '../event-store.errors.js';
import type { RecordedEvent } from '../event-store.port.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

Logger.overrideLogger(false);

function stored(commit: bigint, streamId: string, type = 'FileCreated'): AllStreamResolvedEvent {
  const position: Position = { commit, prepare: commit };
  return {
    event: {
      streamId,
      id: `00000000-0000-4000-8000-${commit.toString().padStart(12, '0')}`,
      revision: 0n,
      type,
      data: { commit: commit.toString() },
      metadata: newEvent().metadata,
      isJson: true,
      created: new Date(0),
      position,
    },
  } as unknown as AllStreamResolvedEvent;
}

interface FakeSubscription extends PassThrough {
  unsubscribe(): Promise<void>;
}

/** Stands in for the gRPC client: $all is an array and subscriptions are streams the test feeds. */
class FakeClient {
  log: AllStreamResolvedEvent[] = [];
  appendToStream = jest.fn<(...args: unknown[]) => Promise<unknown>>();
  readStream = jest.fn<(...args: unknown[]) => unknown>();
  readonly subscriptions: { fromPosition: unknown; stream: FakeSubscription }[] = [];
  disposed = false;

  readAll(options: {
    fromPosition: Position | 'start' | 'end';
    direction: string;
    maxCount: number;
  }) {
    const ordered = options.direction === 'backwards' ? [...this.log].reverse() : this.log;
    const from = options.fromPosition;
    const page = ordered.filter((resolved) => {
      if (typeof from !== 'object') return true;
      const commit = resolved.event!.position.commit;
      return options.direction === 'backwards' ? commit <= from.commit : commit >= from.commit;
    });
    return Readable.from(page.slice(0, options.maxCount));
  }

  subscribeToAll(options: { fromPosition: unknown }) {
    const stream = new PassThrough({ objectMode: true }) as FakeSubscription;
    stream.unsubscribe = async () => {
      stream.end();
    };
    this.subscriptions.push({ fromPosition: options.fromPosition, stream });
    return stream;
  }

  async dispose() {
    this.disposed = true;
  }
}

function storeOn(client: FakeClient, readPageSize = 500) {
  return new EventStoreDbEventStore(client as unknown as EventStoreDBClient, {
    retryDelayMs: 10,
    readPageSize,
  });
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('EventStoreDbEventStore append', () => {
  it('passes the expected revision through', async () => {
    const client = new FakeClient();
    client.appendToStream.mockResolvedValue({
      success: true,
      nextExpectedRevision: 3n,
      position: { commit: 10n, prepare: 9n },
    });
    const result = await storeOn(client).append('file-1', [newEvent()], 2n);
    expect(client.appendToStream.mock.calls[0][2]).toEqual({ expectedRevision: 2n });
    expect(result).toEqual({ nextRevision: 3n, position: { commit: 10n, prepare: 9n } });
  });

  it('maps wrong expected version errors', async () => {
    const client = new FakeClient();
    client.appendToStream.mockRejectedValue(
      new EsdbWrongExpectedVersionError(undefined, {
        streamName: 'file-1',
        expected: 'no_stream',
        current: 4n,
      }),
    );
    const error = await storeOn(client)
      .append('file-1', [newEvent()], 'no_stream')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actual).toBe(4n);
    expect((error as WrongExpectedVersionError).expected).toBe('no_stream');
  });

  it('maps the server size limit error', async () => {
    const client = new FakeClient();
    client.appendToStream.mockRejectedValue(new MaxAppendSizeExceededError(undefined, 1024));
    const error = await storeOn(client)
      .append('file-1', [newEvent()], 'any')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect((error as AppendTooLargeError).maxBytes).toBe(1024);
  });

  it('reads the position of an idempotent retry', async () => {
    const client = new FakeClient();
    client.appendToStream.mockResolvedValue({ success: true, nextExpectedRevision: 0n });
    const resolved = stored(42n, 'file-1');
    client.readStream.mockReturnValue(Readable.from([resolved]));
    const result = await storeOn(client).append('file-1', [newEvent()], 'no_stream');
    expect(result.position).toEqual({ commit: 42n, prepare: 42n });
    expect(client.readStream.mock.calls[0][1]).toMatchObject({ fromRevision: 0n, maxCount: 1 });
  });
});

describe('EventStoreDbEventStore reads', () => {
  it('reads a missing stream as empty', async () => {
    const client = new FakeClient();
    const failing = new Readable({
      objectMode: true,
      read() {
        this.destroy(new EsdbStreamNotFoundError(undefined, 'file-9'));
      },
    });
    client.readStream.mockReturnValue(failing);
    expect(await storeOn(client).readStream('file-9')).toEqual([]);
  });

  it('skips the inclusive start and system events', async () => {
    const client = new FakeClient();
    client.log = [
      stored(1n, 'file-1'),
      stored(2n, '$stats-1', '$statsCollected'),
      stored(3n, 'file-2'),
      stored(4n, 'file-3', '$>'),
      stored(5n, 'share-1', 'ShareCreated'),
    ];
    const read = await storeOn(client, 2).readAll({ from: { commit: 1n, prepare: 1n } });
    expect(read.map((event) => event.position.commit)).toEqual([3n, 5n]);
  });

  it('pages until maxCount matching events', async () => {
    const client = new FakeClient();
    client.log = Array.from({ length: 10 }, (_, i) =>
      stored(BigInt(i + 1), i % 2 === 0 ? 'file-1' : 'share-1'),
    );
    const read = await storeOn(client, 3).readAll({
      maxCount: 3,
      filter: { streamPrefixes: ['share-'] },
    });
    expect(read.map((event) => event.position.commit)).toEqual([2n, 4n, 6n]);
  });

  it('reports the last non-system event as the head', async () => {
    const client = new FakeClient();
    client.log = [
      stored(1n, 'file-1'),
      stored(2n, 'file-2'),
      stored(3n, '$stats-1', '$statsCollected'),
      stored(4n, '$stats-1', '$statsCollected'),
    ];
    expect(await storeOn(client, 2).headPosition()).toEqual({ commit: 2n, prepare: 2n });
  });

  it('reports an empty head without user events', async () => {
    const client = new FakeClient();
    client.log = [stored(1n, '$stats-1', '$statsCollected')];
    expect(await storeOn(client).headPosition()).toBeNull();
  });
});

describe('EventStoreDbEventStore subscribeToAll', () => {
  it('subscribes again from the last delivered position', async () => {
    const client = new FakeClient();
    const store = storeOn(client);
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ from: 'start' }, async (batch) => {
      received.push(...batch);
    });

    await until(() => client.subscriptions.length === 1);
    const first = client.subscriptions[0].stream;
    first.write(stored(1n, 'file-1'));
    first.write(stored(2n, '$stats-1', '$statsCollected'));
    first.write(stored(3n, 'file-2'));
    await until(() => received.length === 2);
    first.destroy(new Error('connection reset'));

    await until(() => client.subscriptions.length === 2);
    expect(client.subscriptions[1].fromPosition).toEqual({ commit: 3n, prepare: 3n });
    const second = client.subscriptions[1].stream;
    // A server that starts inclusively repeats the checkpoint event, which must not be delivered.
    second.write(stored(3n, 'file-2'));
    second.write(stored(4n, 'file-3'));
    await until(() => received.length === 3);

    await subscription.stop();
    await store.close();
    expect(received.map((event) => event.position.commit)).toEqual([1n, 3n, 4n]);
    expect(client.disposed).toBe(true);
  });

  it('checks event types the server filter cannot', async () => {
    const client = new FakeClient();
    const store = storeOn(client);
    const received: RecordedEvent[] = [];
    store.subscribeToAll(
      { from: 'start', filter: { streamPrefixes: ['file-'], eventTypes: ['FileRenamed'] } },
      async (batch) => {
        received.push(...batch);
      },
    );
    await until(() => client.subscriptions.length === 1);
    const stream = client.subscriptions[0].stream;
    stream.write(stored(1n, 'file-1', 'FileCreated'));
    stream.write(stored(2n, 'file-1', 'FileRenamed'));
    await until(() => received.length === 1);
    await store.close();
    expect(received[0].position.commit).toBe(2n);
  });

  it('rejects done when the handler throws', async () => {
    const client = new FakeClient();
    const store = storeOn(client);
    const subscription = store.subscribeToAll({ from: 'start' }, async () => {
      throw new Error('projection failed');
    });
    await until(() => client.subscriptions.length === 1);
    client.subscriptions[0].stream.write(stored(1n, 'file-1'));
    await expect(subscription.done).rejects.toThrow('projection failed');
    expect(client.subscriptions).toHaveLength(1);
  });
});
