import type { LogPosition } from './event-store.port.js';

/** Orders two positions: negative when a is earlier, zero when equal, positive when later. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Formats a position as `commit/prepare` in decimal, which keeps all 64 bits. */
export function formatPosition(position: LogPosition): string {
  return `${position.commit}/${position.prepare}`;
}

/** Parses the output of formatPosition; returns null for anything else. */
export function parsePosition(text: string): LogPosition | null {
  const match = /^(\d{1,20})\/(\d{1,20})$/.exec(text);
  if (!match) return null;
  const commit = BigInt(match[1]);
  const prepare = BigInt(match[2]);
  const max = (1n << 64n) - 1n;
  if (commit > max || prepare > max) return null;
  return { commit, prepare };
}
