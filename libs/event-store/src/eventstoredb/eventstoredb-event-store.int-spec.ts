import { Logger } from '@nestjs/common';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  Logger.overrideLogger(['warn', 'error']);
  describeEventStoreContract('EventStoreDB', async () => {
    const store = EventStoreDbEventStore.fromConnectionString(connectionString, {
      retryDelayMs: 200,
    });
    return { store, dispose: () => store.close() };
  });
} else {
  // Straight to stdout: jest drops console output of a file whose tests are all skipped.
  process.stdout.write(
    'EventStoreDB contract skipped: EVENTSTORE_CONNECTION_STRING is not set ' +
      '(for example esdb://admin:changeit@127.0.0.1:2113?tls=false).\n',
  );
  it.skip('EventStoreDB contract (set EVENTSTORE_CONNECTION_STRING to run it)', () => undefined);
}
