import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { middleEdits, writeEditedCopy, type FileEdit } from './file-edits.js';
import { seededBytes } from './seeded-bytes.js';

const LENGTH = 4096;

describe('middleEdits', () => {
  it('centres each edit in the file', () => {
    const edits = middleEdits(10 * LENGTH, LENGTH);
    expect(edits.map((edit) => edit.kind)).toEqual(['overwrite', 'insert', 'delete']);
    for (const edit of edits) {
      expect(edit.offset).toBe(4.5 * LENGTH);
      expect(edit.length).toBe(LENGTH);
    }
  });

  it('rejects a file under twice the edit', () => {
    expect(() => middleEdits(2 * LENGTH - 1, LENGTH)).toThrow(RangeError);
  });
});

describe('writeEditedCopy', () => {
  let folder: string;
  let original: string;
  let content: Buffer;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bench-file-edits-'));
    original = join(folder, 'original.bin');
    content = seededBytes(10 * LENGTH, 'file-edits-spec');
    await writeFile(original, content);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function edited(edit: FileEdit): Promise<{ result: Buffer; newBytes: Buffer }> {
    const target = join(folder, `${edit.kind}.bin`);
    await writeEditedCopy(original, target, edit);
    const newBytes = seededBytes(edit.length, `bench-${edit.kind}-${edit.offset}`);
    return { result: await readFile(target), newBytes };
  }

  it('overwrites in place', async () => {
    const edit: FileEdit = { kind: 'overwrite', offset: 3 * LENGTH, length: LENGTH };
    const { result, newBytes } = await edited(edit);
    const expected = Buffer.concat([
      content.subarray(0, 3 * LENGTH),
      newBytes,
      content.subarray(4 * LENGTH),
    ]);
    expect(result.equals(expected)).toBe(true);
  });

  it('inserts at the offset', async () => {
    const edit: FileEdit = { kind: 'insert', offset: 3 * LENGTH, length: LENGTH };
    const { result, newBytes } = await edited(edit);
    const expected = Buffer.concat([
      content.subarray(0, 3 * LENGTH),
      newBytes,
      content.subarray(3 * LENGTH),
    ]);
    expect(result.equals(expected)).toBe(true);
  });

  it('deletes the range', async () => {
    const edit: FileEdit = { kind: 'delete', offset: 3 * LENGTH, length: LENGTH };
    const { result } = await edited(edit);
    const expected = Buffer.concat([content.subarray(0, 3 * LENGTH), content.subarray(4 * LENGTH)]);
    expect(result.equals(expected)).toBe(true);
  });

  it('inserts at the start', async () => {
    const edit: FileEdit = { kind: 'insert', offset: 0, length: LENGTH };
    const { result, newBytes } = await edited(edit);
    expect(result.equals(Buffer.concat([newBytes, content]))).toBe(true);
  });

  it('deletes the end', async () => {
    const edit: FileEdit = { kind: 'delete', offset: 9 * LENGTH, length: LENGTH };
    const { result } = await edited(edit);
    expect(result.equals(content.subarray(0, 9 * LENGTH))).toBe(true);
  });
});
