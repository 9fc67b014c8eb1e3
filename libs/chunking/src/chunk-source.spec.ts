import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededBytes } from '../../../test/support/seeded-bytes.js';
import type { Chunk } from './chunk.js';
import { chunkFile, chunkStream, collectChunks } from './chunk-source.js';
import { MAX_CHUNK_SIZE, MIN_CHUNK_SIZE } from './chunking-parameters.js';

const MiB = 1024 * 1024;

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

async function* inPieces(data: Buffer, sizes: readonly number[]): AsyncGenerator<Buffer> {
  let index = 0;
  for (let offset = 0; offset < data.length; index++) {
    const size = sizes[index % sizes.length];
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

function chunkBuffer(data: Buffer, pieceSizes: readonly number[] = [MiB]) {
  return collectChunks(chunkStream(inPieces(data, pieceSizes)));
}

/** Counts chunks of `after` whose hash does not occur in `before`. */
function changedChunks(before: readonly Chunk[], after: readonly Chunk[]): number {
  const known = new Set(before.map((chunk) => chunk.sha256));
  return after.filter((chunk) => !known.has(chunk.sha256)).length;
}

describe('chunkFile and chunkStream', () => {
  let folder: string;
  const data = seededBytes(20 * MiB, 'chunk source');

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'chunking-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('yields no chunk for an empty file', async () => {
    const path = join(folder, 'empty');
    await writeFile(path, '');
    const result = await collectChunks(chunkFile(path));
    expect(result.chunks).toEqual([]);
    expect(result.size).toBe(0);
    expect(result.sha256).toBe(sha256(Buffer.alloc(0)));
  });

  it('yields one chunk for a small file', async () => {
    const result = await chunkBuffer(Buffer.from('hello'));
    expect(result.chunks).toEqual([{ offset: 0, size: 5, sha256: sha256(Buffer.from('hello')) }]);
  });

  it('returns the whole-file hash of crypto', async () => {
    const path = join(folder, 'random');
    await writeFile(path, data);
    const result = await collectChunks(chunkFile(path));
    expect(result.sha256).toBe(sha256(data));
    expect(result.size).toBe(data.length);
  });

  it('hashes each chunk and keeps offsets contiguous', async () => {
    const { chunks } = await chunkBuffer(data);
    let offset = 0;
    for (const chunk of chunks) {
      expect(chunk.offset).toBe(offset);
      expect(chunk.sha256).toBe(sha256(data.subarray(offset, offset + chunk.size)));
      offset += chunk.size;
    }
    expect(offset).toBe(data.length);
  });

  it('keeps sizes within bounds', async () => {
    const { chunks } = await chunkBuffer(data);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.size).toBeGreaterThanOrEqual(MIN_CHUNK_SIZE);
      expect(chunk.size).toBeLessThanOrEqual(MAX_CHUNK_SIZE);
    }
  });

  it('cuts the same boundaries however reads are split', async () => {
    const path = join(folder, 'split');
    await writeFile(path, data);
    const fromFile = await collectChunks(chunkFile(path));
    const oddPieces = await chunkBuffer(data, [1, 4093, 65536, 7 * MiB, 300_000]);
    const whole = await chunkBuffer(data, [data.length]);
    expect(oddPieces).toEqual(fromFile);
    expect(whole).toEqual(fromFile);
  });

  it('cuts at the maximum in data without boundaries', async () => {
    const { chunks } = await chunkBuffer(Buffer.alloc(10 * MiB));
    expect(chunks.map((chunk) => chunk.size)).toEqual([MAX_CHUNK_SIZE, MAX_CHUNK_SIZE, 2 * MiB]);
  });

  it('changes only nearby chunks after an insertion', async () => {
    const middle = 10 * MiB;
    const edited = Buffer.concat([
      data.subarray(0, middle),
      Buffer.from('inserted'),
      data.subarray(middle),
    ]);
    const before = await chunkBuffer(data);
    const after = await chunkBuffer(edited);
    expect(changedChunks(before.chunks, after.chunks)).toBeLessThanOrEqual(2);
    expect(after.chunks.length).toBeGreaterThanOrEqual(before.chunks.length - 1);
  });

  it('changes only nearby chunks after a deletion', async () => {
    const middle = 10 * MiB;
    const edited = Buffer.concat([data.subarray(0, middle), data.subarray(middle + 1000)]);
    const before = await chunkBuffer(data);
    const after = await chunkBuffer(edited);
    expect(changedChunks(before.chunks, after.chunks)).toBeLessThanOrEqual(2);
  });

  it('changes only nearby chunks after an overwrite of 1 MiB', async () => {
    const edited = Buffer.from(data);
    seededBytes(MiB, 'overwrite').copy(edited, 10 * MiB);
    const before = await chunkBuffer(data);
    const after = await chunkBuffer(edited);
    const changedBytes = after.chunks
      .filter((chunk) => !before.chunks.some((old) => old.sha256 === chunk.sha256))
      .reduce((sum, chunk) => sum + chunk.size, 0);
    expect(changedBytes).toBeLessThan(4 * MiB);
  });

  it('keeps the first chunks when data is appended', async () => {
    const before = await chunkBuffer(data);
    const after = await chunkBuffer(Buffer.concat([data, Buffer.from('tail')]));
    expect(after.chunks.slice(0, -1)).toEqual(before.chunks.slice(0, -1));
  });
});
