// Changing any value here moves chunk boundaries, so files chunked before and after the change
// share almost no chunks and every client must change in step. The server accepts any boundaries.

/** Smallest chunk in bytes, except the last chunk of a file. */
export const MIN_CHUNK_SIZE = 256 * 1024;

/** Largest chunk in bytes; a cut is forced here when no content boundary appears earlier. */
export const MAX_CHUNK_SIZE = 4 * 1024 * 1024;

/**
 * Chunk length in bytes from which the loose mask applies instead of the strict one (FastCDC's
 * normalized chunking, level 1). With these values, chunks of random data average about 0.9 MiB.
 * In a simulation of 1 MiB overwrites in 20 MiB of random data, more than 4 MiB of chunks changed
 * in about 3% of 200 cases, against 18% with level 2 and a switch at 832 KiB. With those values,
 * cut points take longer to fall back in step with the old ones after an edit.
 */
export const NORMAL_CHUNK_SIZE = 512 * 1024;

// The fingerprint is 32 bits wide and shifts left once per byte, so bit k depends on the last
// k + 1 bytes. The masks therefore use the high bits, which depend on a window of up to 32 bytes.

/** Mask of the 21 high bits: a cut before NORMAL_CHUNK_SIZE has probability 2^-21 per byte. */
export const STRICT_MASK = 0xfffff800 | 0;

/** Mask of the 19 high bits: a cut from NORMAL_CHUNK_SIZE on has probability 2^-19 per byte. */
export const LOOSE_MASK = 0xffffe000 | 0;
