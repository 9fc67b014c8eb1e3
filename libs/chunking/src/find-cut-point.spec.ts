import { describe, expect, it } from '@jest/globals';
import { seededBytes } from '../../../test/support/seeded-bytes.js';
import {
  LOOSE_MASK,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
  NORMAL_CHUNK_SIZE,
  STRICT_MASK,
} from './chunking-parameters.js';
import { findCutPoint } from './find-cut-point.js';
import { GEAR_TABLE } from './gear-table.js';

/** FastCDC with normalized chunking, one byte per step: the oracle for the unrolled version. */
function referenceCutPoint(data: Uint8Array, start: number, end: number): number {
  const available = end - start;
  if (available <= MIN_CHUNK_SIZE) return available;
  const limit = Math.min(available, MAX_CHUNK_SIZE);
  const normal = Math.min(available, NORMAL_CHUNK_SIZE);
  let fingerprint = 0;
  for (let i = MIN_CHUNK_SIZE; i < limit; i++) {
    fingerprint = ((fingerprint << 1) + GEAR_TABLE[data[start + i]]) | 0;
    const mask = i < normal ? STRICT_MASK : LOOSE_MASK;
    if ((fingerprint & mask) === 0) return i + 1;
  }
  return limit;
}

function cutAll(data: Uint8Array, cut: typeof findCutPoint): number[] {
  const sizes: number[] = [];
  for (let start = 0; start < data.length;) {
    const size = cut(data, start, data.length);
    sizes.push(size);
    start += size;
  }
  return sizes;
}

describe('findCutPoint', () => {
  const data = seededBytes(48 * 1024 * 1024, 'cut points');

  it('matches the byte-by-byte reference', () => {
    expect(cutAll(data, findCutPoint)).toEqual(cutAll(data, referenceCutPoint));
  });

  it('keeps chunks between the minimum and maximum', () => {
    const sizes = cutAll(data, findCutPoint);
    for (const size of sizes.slice(0, -1)) {
      expect(size).toBeGreaterThanOrEqual(MIN_CHUNK_SIZE);
      expect(size).toBeLessThanOrEqual(MAX_CHUNK_SIZE);
    }
  });

  it('averages about 1 MiB on random data', () => {
    const sizes = cutAll(data, findCutPoint);
    const average = data.length / sizes.length;
    expect(average).toBeGreaterThan(0.8 * 1024 * 1024);
    expect(average).toBeLessThan(1.25 * 1024 * 1024);
  });

  it('uses every byte when data is shorter than the minimum', () => {
    expect(findCutPoint(data, 0, MIN_CHUNK_SIZE)).toBe(MIN_CHUNK_SIZE);
    expect(findCutPoint(data, 10, 20)).toBe(10);
  });

  it('cuts at the maximum when content has no boundary', () => {
    const zeros = new Uint8Array(MAX_CHUNK_SIZE + 1000);
    expect(findCutPoint(zeros, 0, zeros.length)).toBe(MAX_CHUNK_SIZE);
  });

  it('cuts at the end when no boundary precedes it', () => {
    const zeros = new Uint8Array(NORMAL_CHUNK_SIZE + 5);
    expect(findCutPoint(zeros, 0, zeros.length)).toBe(zeros.length);
  });

  it('depends only on bytes from the start on', () => {
    const shifted = Buffer.concat([Buffer.from('prefix'), data.subarray(0, 8 * 1024 * 1024)]);
    expect(findCutPoint(shifted, 6, shifted.length)).toBe(findCutPoint(data, 0, 8 * 1024 * 1024));
  });
});
