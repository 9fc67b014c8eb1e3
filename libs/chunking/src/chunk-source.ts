import { open } from 'node:fs/promises';
import type { Chunk, ChunkedContent, FileDigest } from './chunk.js';
import { ContentChunker } from './content-chunker.js';

/**
 * Chunks the file at `path` in one pass with bounded memory: yields each chunk in order and
 * returns the whole-file digest. Reads go straight into the chunker's window, without copies.
 */
export async function* chunkFile(path: string): AsyncGenerator<Chunk, FileDigest, undefined> {
  const handle = await open(path, 'r');
  try {
    const chunker = new ContentChunker();
    for (;;) {
      const region = chunker.writableRegion();
      const { bytesRead } = await handle.read(region, 0, region.length, null);
      if (bytesRead === 0) break;
      chunker.append(bytesRead);
      yield* chunker.cut(false);
    }
    yield* chunker.cut(true);
    return chunker.digest();
  } finally {
    await handle.close();
  }
}

/** Chunks a stream of bytes, such as a Readable; yields chunks and returns the digest. */
export async function* chunkStream(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<Chunk, FileDigest, undefined> {
  const chunker = new ContentChunker();
  for await (const data of source) {
    let copied = 0;
    while (copied < data.length) {
      const region = chunker.writableRegion();
      const length = Math.min(region.length, data.length - copied);
      region.set(data.subarray(copied, copied + length));
      chunker.append(length);
      copied += length;
      yield* chunker.cut(false);
    }
  }
  yield* chunker.cut(true);
  return chunker.digest();
}

/** Runs a chunk generator to its end and returns all chunks with the whole-file digest. */
export async function collectChunks(
  chunks: AsyncGenerator<Chunk, FileDigest, undefined>,
): Promise<ChunkedContent> {
  const list: Chunk[] = [];
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { ...next.value, chunks: list };
    list.push(next.value);
  }
}
