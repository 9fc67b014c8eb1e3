import { chunkFile, collectChunks } from '@scaidrive/chunking';

/** Lower bound that content-defined chunking sets on uploading `edited` after `original`. */
export interface ChunkDelta {
  readonly chunks: number;
  /** Distinct chunks of the edited file that the original file does not contain. */
  readonly newChunks: number;
  readonly newBytes: number;
}

/**
 * Chunks both files with the client's chunker (`@scaidrive/chunking`) and counts the chunks of
 * `edited` that `original` lacks: the fewest bytes a sync client using this chunker can upload.
 */
export async function measureChunkDelta(original: string, edited: string): Promise<ChunkDelta> {
  const before = await collectChunks(chunkFile(original));
  const after = await collectChunks(chunkFile(edited));
  const known = new Set(before.chunks.map((chunk) => chunk.sha256));
  let newChunks = 0;
  let newBytes = 0;
  for (const chunk of after.chunks) {
    if (known.has(chunk.sha256)) continue;
    known.add(chunk.sha256);
    newChunks += 1;
    newBytes += chunk.size;
  }
  return { chunks: after.chunks.length, newChunks, newBytes };
}
