import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@scaidrive/domain';
import { type ChunkStore, MAX_CHUNK_BYTES } from '../chunk-store.port.js';
import {
  bodyOf,
  type ChunkStoreContractOptions,
  failingBody,
  readAll,
  rejectionOf,
  sha256Hex,
  uniqueBytes,
} from './contract-fixtures.js';

const CONCURRENT_PUTS = 8;

/** Declares how put stores, verifies and deduplicates chunks. */
export function describePutContract(
  getStore: () => ChunkStore,
  options: ChunkStoreContractOptions,
): void {
  describe('put', () => {
    it('stores a chunk and reports it created', async () => {
      const bytes = uniqueBytes(200 * 1024);
      const sha256 = sha256Hex(bytes);

      const result = await getStore().put(sha256, bodyOf(bytes));

      expect(result).toEqual({ created: true, size: bytes.length });
      expect(await getStore().has(sha256)).toBe(true);
      expect(await getStore().size(sha256)).toBe(bytes.length);
      expect((await readAll(await getStore().get(sha256))).equals(bytes)).toBe(true);
    });

    it('rejects bytes of another hash', async () => {
      const bytes = uniqueBytes(4096);
      const claimed = sha256Hex(uniqueBytes(4096));

      const failure = await rejectionOf(getStore().put(claimed, bodyOf(bytes)));

      expect(failure).toBeInstanceOf(DomainError);
      expect(failure).toMatchObject({ code: 'CHECKSUM_MISMATCH' });
      expect(await getStore().has(claimed)).toBe(false);
      expect(await getStore().has(sha256Hex(bytes))).toBe(false);
    });

    it('keeps a stored chunk when other bytes claim its hash', async () => {
      const bytes = uniqueBytes(4096);
      const sha256 = sha256Hex(bytes);
      await getStore().put(sha256, bodyOf(bytes));

      const failure = await rejectionOf(getStore().put(sha256, bodyOf(uniqueBytes(4096))));

      expect(failure).toMatchObject({ code: 'CHECKSUM_MISMATCH' });
      expect((await readAll(await getStore().get(sha256))).equals(bytes)).toBe(true);
    });

    it('rejects a chunk over the size limit', async () => {
      const bytes = Buffer.alloc(MAX_CHUNK_BYTES + 1, 0x5a);
      const sha256 = sha256Hex(bytes);

      const failure = await rejectionOf(getStore().put(sha256, bodyOf(bytes)));

      expect(failure).toBeInstanceOf(DomainError);
      expect(failure).toMatchObject({ code: 'TOO_LARGE' });
      expect(await getStore().has(sha256)).toBe(false);
    });

    it('stores nothing when the body fails', async () => {
      const bytes = uniqueBytes(256 * 1024);
      const sha256 = sha256Hex(bytes);
      const disconnect = new Error('client disconnected');

      const failure = await rejectionOf(getStore().put(sha256, failingBody(bytes, disconnect)));

      expect(failure).toBe(disconnect);
      expect(await getStore().has(sha256)).toBe(false);
    });

    it('reports a repeated put as not created', async () => {
      const bytes = uniqueBytes(8192);
      const sha256 = sha256Hex(bytes);
      await getStore().put(sha256, bodyOf(bytes));

      const again = await getStore().put(sha256, bodyOf(bytes));

      expect(again).toEqual({ created: false, size: bytes.length });
      expect((await readAll(await getStore().get(sha256))).equals(bytes)).toBe(true);
    });

    it('accepts concurrent puts of one chunk', async () => {
      const bytes = uniqueBytes(512 * 1024);
      const sha256 = sha256Hex(bytes);

      const results = await Promise.all(
        Array.from({ length: CONCURRENT_PUTS }, () => getStore().put(sha256, bodyOf(bytes))),
      );

      const created = results.filter((result) => result.created).length;
      if (options.exclusiveCreate) {
        expect(created).toBe(1);
      } else {
        expect(created).toBeGreaterThanOrEqual(1);
      }
      for (const result of results) expect(result.size).toBe(bytes.length);
      expect(await getStore().size(sha256)).toBe(bytes.length);
      expect((await readAll(await getStore().get(sha256))).equals(bytes)).toBe(true);
    });

    it('stores a chunk of the maximum size', async () => {
      const bytes = uniqueBytes(MAX_CHUNK_BYTES);
      const sha256 = sha256Hex(bytes);

      const result = await getStore().put(sha256, bodyOf(bytes, 1024 * 1024));

      expect(result).toEqual({ created: true, size: MAX_CHUNK_BYTES });
      expect(await getStore().size(sha256)).toBe(MAX_CHUNK_BYTES);
      expect(sha256Hex(await readAll(await getStore().get(sha256)))).toBe(sha256);
    });

    it('stores an empty chunk', async () => {
      const sha256 = sha256Hex(Buffer.alloc(0));
      // The empty chunk has one hash for everyone, so a store shared with other runs may hold it.
      await getStore().delete(sha256);

      const result = await getStore().put(sha256, bodyOf(Buffer.alloc(0)));

      expect(result).toEqual({ created: true, size: 0 });
      expect(await getStore().has(sha256)).toBe(true);
      expect(await getStore().size(sha256)).toBe(0);
      expect((await readAll(await getStore().get(sha256))).length).toBe(0);
    });
  });
}
