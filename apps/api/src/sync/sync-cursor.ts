import { DomainError } from '@scaidrive/domain';
import { formatPosition, type LogPosition, parsePosition } from '@scaidrive/event-store';

/** Where a listing page stopped: nodes are listed by depth, then path, then id. */
export interface ListingKey {
  readonly depth: number;
  readonly path: string;
  readonly id: string;
}

/**
 * A change-feed cursor: the log position (and the row within that event) the client has seen,
 * bound to the user, tenant and tree it was issued for. During the initial listing it also
 * contains the last node listed.
 */
export interface SyncCursor {
  readonly tenantId: string;
  readonly userId: string;
  /** The tree the feed follows; null for the user's personal drive. */
  readonly treeId: string | null;
  readonly position: LogPosition;
  readonly seq: number;
  readonly listing: ListingKey | null;
  /**
   * Set while the feed spells out an access change at (position, seq) node by node: the last
   * node of that change's subtree already sent.
   */
  readonly expansion?: ListingKey | null;
}

/** Largest row number within one event: PostgreSQL's integer maximum. */
export const MAX_SEQ = 2_147_483_647;

interface Encoded {
  v: 1;
  t: string;
  u: string;
  p: string;
  s: number;
  l?: [number, string, string];
  r?: string;
  x?: [number, string, string];
}

export function encodeCursor(cursor: SyncCursor): string {
  const encoded: Encoded = {
    v: 1,
    t: cursor.tenantId,
    u: cursor.userId,
    p: formatPosition(cursor.position),
    s: cursor.seq,
  };
  if (cursor.listing) encoded.l = [cursor.listing.depth, cursor.listing.path, cursor.listing.id];
  if (cursor.treeId) encoded.r = cursor.treeId;
  if (cursor.expansion) {
    encoded.x = [cursor.expansion.depth, cursor.expansion.path, cursor.expansion.id];
  }
  return Buffer.from(JSON.stringify(encoded), 'utf8').toString('base64url');
}

function invalid(reason: string): never {
  throw new DomainError('INVALID_ARGUMENT', `invalid cursor: ${reason}`, { reason });
}

function parseListing(value: unknown): ListingKey | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length !== 3) return invalid('malformed listing position');
  const [depth, path, id] = value as unknown[];
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!Number.isInteger(depth) || typeof path !== 'string' || typeof id !== 'string') {
    return invalid('malformed listing position');
  }
  if (!uuid.test(id) || path.length > 8192) return invalid('malformed listing position');
  return { depth: depth as number, path, id };
}

/** Decodes a cursor and checks that it was issued to this user in this tenant for this tree. */
export function decodeCursor(
  text: string,
  tenantId: string,
  userId: string,
  treeId: string | null = null,
): SyncCursor {
  if (text.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(text)) invalid('not a cursor');
  let decoded: Partial<Encoded>;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Encoded>;
  } catch {
    return invalid('not a cursor');
  }
  if (decoded === null || typeof decoded !== 'object' || decoded.v !== 1)
    invalid('unknown version');
  if (decoded.t !== tenantId || decoded.u !== userId) {
    invalid('the cursor was issued to another user or tenant');
  }
  if ((decoded.r ?? null) !== treeId) invalid('the cursor was issued for another tree');
  const position = typeof decoded.p === 'string' ? parsePosition(decoded.p) : null;
  if (!position) invalid('malformed position');
  const seq = decoded.s;
  // The row number is a PostgreSQL integer column, so anything larger is a forged cursor.
  if (!Number.isInteger(seq) || seq! < 0 || seq! > MAX_SEQ) invalid('malformed position');
  return {
    tenantId,
    userId,
    treeId,
    position: position!,
    seq: seq!,
    listing: parseListing(decoded.l),
    expansion: parseListing(decoded.x),
  };
}
