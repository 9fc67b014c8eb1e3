import { describe, expect, it } from '@jest/globals';
import type { ChunkStore, StoredChunk } from '../chunk-store.port.js';
import { bodyOf, sha256Hex, uniqueBytes } from './contract-fixtures.js';

async function listed(store: ChunkStore): Promise<Map<string, StoredChunk>> {
  const chunks = new Map<string, StoredChunk>();
  for await (const chunk of store.list()) chunks.set(chunk.sha256, chunk);
  return chunks;
}

/** Declares how list enumerates stored chunks and how delete removes them from it. */
export function describeListContract(getStore: () => ChunkStore): void {
  describe('list and delete', () => {
    it('lists a stored chunk with its size and time', async () => {
      const bytes = uniqueBytes(321);
      const sha256 = sha256Hex(bytes);
      const before = Date.now();
      await getStore().put(sha256, bodyOf(bytes));

      const chunk = (await listed(getStore())).get(sha256);

      expect(chunk?.size).toBe(321);
      // Stores keep times at a resolution of one second or better.
      expect(chunk!.modifiedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(chunk!.modifiedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('omits a deleted chunk', async () => {
      const bytes = uniqueBytes(100);
      const sha256 = sha256Hex(bytes);
      await getStore().put(sha256, bodyOf(bytes));

      await getStore().delete(sha256);

      expect((await listed(getStore())).has(sha256)).toBe(false);
      expect(await getStore().has(sha256)).toBe(false);
    });

    it('deletes an absent chunk without error', async () => {
      const sha256 = sha256Hex(uniqueBytes(10));

      await expect(getStore().delete(sha256)).resolves.toBeUndefined();
    });
  });
}
