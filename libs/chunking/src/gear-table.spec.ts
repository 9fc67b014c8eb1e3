import { describe, expect, it } from '@jest/globals';
import { buildGearTable, GEAR_TABLE } from './gear-table.js';

describe('gear table', () => {
  it('has 256 entries', () => {
    expect(GEAR_TABLE).toHaveLength(256);
  });

  it('is rebuilt identically from the seed', () => {
    expect(buildGearTable()).toEqual(GEAR_TABLE);
  });

  // Pinned values: a change here moves every chunk boundary of every client.
  it('keeps its pinned values', () => {
    expect(GEAR_TABLE[0]).toBe(1649205508);
    expect(GEAR_TABLE[1]).toBe(-682764214);
    expect(GEAR_TABLE[255]).toBe(-322561275);
  });

  it('depends on the seed', () => {
    expect(buildGearTable('another seed')[0]).not.toBe(GEAR_TABLE[0]);
  });

  it('has no repeated values', () => {
    expect(new Set(GEAR_TABLE).size).toBe(256);
  });
});
