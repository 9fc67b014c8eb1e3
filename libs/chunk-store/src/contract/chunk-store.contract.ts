import { afterAll, beforeAll, describe } from '@jest/globals';
import type {
  ChunkStoreContractFactory,
  ChunkStoreContractOptions,
  ChunkStoreContractSubject,
} from './contract-fixtures.js';
import { describeListContract } from './list.contract.js';
import { describePutContract } from './put.contract.js';
import { describeAbsenceContract, describeGetContract } from './read.contract.js';

export type {
  ChunkStoreContractFactory,
  ChunkStoreContractOptions,
  ChunkStoreContractSubject,
} from './contract-fixtures.js';

/**
 * Declares the behaviour every ChunkStore adapter shares. Each test uploads random bytes of its
 * own, so one store serves the whole suite even when it is shared with other runs.
 */
export function describeChunkStoreContract(
  adapterName: string,
  createSubject: ChunkStoreContractFactory,
  options: ChunkStoreContractOptions,
): void {
  describe(`${adapterName} chunk store contract`, () => {
    let subject: ChunkStoreContractSubject | undefined;
    const getSubject = (): ChunkStoreContractSubject => {
      if (!subject) throw new Error('the contract subject was not created');
      return subject;
    };

    beforeAll(async () => {
      subject = await createSubject();
    });

    afterAll(async () => {
      await subject?.dispose();
    });

    const getStore = () => getSubject().store;
    describePutContract(getStore, options);
    describeGetContract(getStore, options);
    describeAbsenceContract(getStore);
    describeListContract(getStore);
  });
}
