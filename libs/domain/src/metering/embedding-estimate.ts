/**
 * Most bytes of one version that semantic search embeds; text past it is not indexed. The budget
 * meters what indexing will cost, so it stops counting there too.
 */
export const MAX_EMBEDDED_BYTES = 1024 * 1024;

/** Bytes per embedding token: about four for English text with common tokenizers (an estimate). */
const BYTES_PER_TOKEN = 4;

/** Estimates the embedding tokens that indexing a version of `size` bytes will spend. */
export function embeddingTokens(size: number): number {
  return Math.ceil(Math.min(size, MAX_EMBEDDED_BYTES) / BYTES_PER_TOKEN);
}

/** Returns the calendar month (UTC) a spend belongs to, such as `2026-12`. */
export function spendPeriod(at: Date): string {
  return at.toISOString().slice(0, 7);
}
