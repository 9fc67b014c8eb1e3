import { beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '@scaidrive/domain';
import type { ChunkStore } from '../chunk-store.port.js';
import {
  bodyOf,
  type ChunkStoreContractOptions,
  readAll,
  rejectionOf,
  sha256Hex,
  uniqueBytes,
} from './contract-fixtures.js';

const CHUNK_BYTES = 1000;

/** Declares how get reads whole chunks and byte ranges. */
export function describeGetContract(
  getStore: () => ChunkStore,
  options: ChunkStoreContractOptions,
): void {
  describe('get', () => {
    const bytes = uniqueBytes(CHUNK_BYTES);
    const sha256 = sha256Hex(bytes);

    beforeAll(async () => {
      await getStore().put(sha256, bodyOf(bytes, 100));
    });

    const readRange = async (start: number, end: number) => {
      const read = await readAll(await getStore().get(sha256, { start, end }));

      expect(read.length).toBe(end - start + 1);
      expect(read.equals(bytes.subarray(start, end + 1))).toBe(true);
    };

    if (options.rangeEndingAtByteZeroDefect) {
      it.skip(`returns the first byte (${options.rangeEndingAtByteZeroDefect})`, () => undefined);
    } else {
      it('returns the first byte', () => readRange(0, 0));
    }

    it.each([
      ['the first two bytes', 0, 1],
      ['the last byte', CHUNK_BYTES - 1, CHUNK_BYTES - 1],
      ['a middle range', 100, 399],
      ['the whole chunk', 0, CHUNK_BYTES - 1],
    ])('returns %s', (_name, start, end) => readRange(start, end));

    it('stops a range at the last byte', async () => {
      const read = await readAll(await getStore().get(sha256, { start: 900, end: 5000 }));

      expect(read.equals(bytes.subarray(900))).toBe(true);
    });

    it('returns no bytes for a range past the end', async () => {
      const start = CHUNK_BYTES + 10;

      const read = await readAll(await getStore().get(sha256, { start, end: start + 10 }));

      expect(read.length).toBe(0);
    });
  });
}

/** Declares how has, size, get and delete treat absent and deleted chunks. */
export function describeAbsenceContract(getStore: () => ChunkStore): void {
  describe('absent chunks', () => {
    it('reports an absent chunk', async () => {
      const sha256 = sha256Hex(uniqueBytes(64));

      expect(await getStore().has(sha256)).toBe(false);
      expect(await getStore().size(sha256)).toBeNull();
      const failure = await rejectionOf(getStore().get(sha256));
      expect(failure).toBeInstanceOf(DomainError);
      expect(failure).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('rejects a range of an absent chunk', async () => {
      const sha256 = sha256Hex(uniqueBytes(64));

      const failure = await rejectionOf(getStore().get(sha256, { start: 0, end: 9 }));

      expect(failure).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('deletes a chunk', async () => {
      const bytes = uniqueBytes(2048);
      const sha256 = sha256Hex(bytes);
      await getStore().put(sha256, bodyOf(bytes));

      await getStore().delete(sha256);

      expect(await getStore().has(sha256)).toBe(false);
      expect(await getStore().size(sha256)).toBeNull();
      expect(await rejectionOf(getStore().get(sha256))).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('stores a deleted chunk again as created', async () => {
      const bytes = uniqueBytes(2048);
      const sha256 = sha256Hex(bytes);
      await getStore().put(sha256, bodyOf(bytes));
      await getStore().delete(sha256);

      const result = await getStore().put(sha256, bodyOf(bytes));

      expect(result).toEqual({ created: true, size: bytes.length });
      expect((await readAll(await getStore().get(sha256))).equals(bytes)).toBe(true);
    });

    it('ignores deleting an absent chunk', async () => {
      const sha256 = sha256Hex(uniqueBytes(64));

      await expect(getStore().delete(sha256)).resolves.toBeUndefined();
    });
  });
}
