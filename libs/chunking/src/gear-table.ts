import { createHash } from 'node:crypto';

/** Seed of the gear table. Every client must use the same one to cut the same boundaries. */
export const GEAR_SEED = 'scaidrive-gear-v1';

/**
 * Builds the 256 random 32-bit values of the Gear rolling hash. Entry i is the first four bytes
 * (big-endian) of SHA-256(`${GEAR_SEED}:${i}`), so a client in any language can rebuild it.
 * The values are stored as signed 32-bit integers so that the hot loop stays in int32 arithmetic.
 */
export function buildGearTable(seed: string = GEAR_SEED): Int32Array {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    table[i] = createHash('sha256').update(`${seed}:${i}`).digest().readInt32BE(0);
  }
  return table;
}

export const GEAR_TABLE: Int32Array = buildGearTable();
