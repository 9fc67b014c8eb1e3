import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { seededBytes } from './seeded-bytes.js';

export type EditKind = 'overwrite' | 'insert' | 'delete';

/** A change of `length` bytes at `offset`. New bytes come from a fixed seed, so runs repeat. */
export interface FileEdit {
  readonly kind: EditKind;
  readonly offset: number;
  readonly length: number;
}

/** Returns the edits the delta section measures, each of 1 MiB at the middle of the file. */
export function middleEdits(fileSize: number, length = 1024 * 1024): FileEdit[] {
  if (fileSize < 2 * length) {
    throw new RangeError(
      `the file to edit must have at least ${2 * length} bytes, got ${fileSize}`,
    );
  }
  const offset = Math.floor((fileSize - length) / 2);
  return (['overwrite', 'insert', 'delete'] as const).map((kind) => ({ kind, offset, length }));
}

/** Writes `original` with `edit` applied to `target`, streaming, so memory use stays small. */
export async function writeEditedCopy(
  original: string,
  target: string,
  edit: FileEdit,
): Promise<void> {
  const newBytes = seededBytes(edit.length, `bench-${edit.kind}-${edit.offset}`);
  if (edit.kind === 'overwrite') {
    await copyFile(original, target);
    const handle = await open(target, 'r+');
    try {
      await handle.write(newBytes, 0, newBytes.length, edit.offset);
    } finally {
      await handle.close();
    }
    return;
  }
  const { size } = await stat(original);
  const resumeAt = edit.kind === 'delete' ? edit.offset + edit.length : edit.offset;
  await pipeline(async function* () {
    if (edit.offset > 0) yield* createReadStream(original, { end: edit.offset - 1 });
    if (edit.kind === 'insert') yield newBytes;
    if (resumeAt < size) yield* createReadStream(original, { start: resumeAt });
  }, createWriteStream(target));
}
