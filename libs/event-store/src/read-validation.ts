/** Rejects a maxCount that is not a non-negative safe integer; undefined means no limit. */
export function validateMaxCount(maxCount: number | undefined): void {
  if (maxCount === undefined) return;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  }
}
