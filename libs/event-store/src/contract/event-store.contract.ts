import { afterAll, beforeAll, describe } from '@jest/globals';
import type { EventStore } from '../event-store.port.js';
import { describeAppendContract } from './append.contract.js';
import type { EventStoreContractFactory, EventStoreContractSubject } from './contract-fixtures.js';
import { describeReadAllContract, describeReadStreamContract } from './read.contract.js';
import { describeSubscriptionContract } from './subscription.contract.js';

export type { EventStoreContractFactory, EventStoreContractSubject } from './contract-fixtures.js';

/**
 * Declares the behaviour every EventStore adapter shares. Tests isolate themselves by stream
 * prefix and by reading after the current head, so one store may serve the whole suite even when
 * its log is shared, as an EventStoreDB server is.
 */
export function describeEventStoreContract(
  adapterName: string,
  createSubject: EventStoreContractFactory,
): void {
  describe(`${adapterName} event store contract`, () => {
    let subject: EventStoreContractSubject | undefined;
    const getStore = (): EventStore => {
      if (!subject) throw new Error('the contract subject was not created');
      return subject.store;
    };

    beforeAll(async () => {
      subject = await createSubject();
    });

    afterAll(async () => {
      await subject?.dispose();
    });

    describeAppendContract(getStore);
    describeReadStreamContract(getStore);
    describeReadAllContract(getStore);
    describeSubscriptionContract(getStore);
  });
}
