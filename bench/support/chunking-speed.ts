import { chunkFile, collectChunks } from '@scaidrive/chunking';

export interface ChunkingSpeed {
  /** In 10^6 bytes per second. */
  readonly megabytesPerSecond: number;
  readonly chunks: number;
  readonly elapsedMs: number;
}

/**
 * Chunks a file once with the client's content-defined chunker (`@scaidrive/chunking`), which
 * also computes each chunk's and the whole file's SHA-256, on the main thread.
 */
export async function measureChunkingSpeed(path: string): Promise<ChunkingSpeed> {
  const started = performance.now();
  const content = await collectChunks(chunkFile(path));
  const elapsedMs = performance.now() - started;
  return {
    megabytesPerSecond: content.size / 1e6 / (elapsedMs / 1000),
    chunks: content.chunks.length,
    elapsedMs,
  };
}
