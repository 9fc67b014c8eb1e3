import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureChunkDelta } from './chunk-delta.js';
import { seededBytes } from './seeded-bytes.js';

const MIB = 1024 * 1024;

describe('measureChunkDelta', () => {
  let folder: string;
  let original: string;
  let content: Buffer;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bench-chunk-delta-'));
    original = join(folder, 'original.bin');
    content = seededBytes(16 * MIB, 'chunk-delta-spec');
    await writeFile(original, content);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('finds nothing new in a copy', async () => {
    const copy = join(folder, 'copy.bin');
    await writeFile(copy, content);
    const delta = await measureChunkDelta(original, copy);
    expect(delta.newChunks).toBe(0);
    expect(delta.newBytes).toBe(0);
    expect(delta.chunks).toBeGreaterThan(1);
  });

  it('bounds the cost of an insertion', async () => {
    const edited = join(folder, 'edited.bin');
    const inserted = seededBytes(MIB, 'chunk-delta-insert');
    await writeFile(
      edited,
      Buffer.concat([content.subarray(0, 8 * MIB), inserted, content.subarray(8 * MIB)]),
    );
    const delta = await measureChunkDelta(original, edited);
    expect(delta.newBytes).toBeGreaterThanOrEqual(MIB);
    expect(delta.newBytes).toBeLessThan(8 * MIB);
  });
});
