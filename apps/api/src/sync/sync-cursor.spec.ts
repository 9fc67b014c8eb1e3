import { decodeCursor, encodeCursor, type SyncCursor } from './sync-cursor.js';

const cursor: SyncCursor = {
  tenantId: 't1',
  userId: 'u1',
  treeId: null,
  position: { commit: 18446744073709551615n, prepare: 42n },
  seq: 3,
  listing: null,
  expansion: null,
};

describe('sync cursor', () => {
  it('round-trips 64-bit positions', () => {
    expect(decodeCursor(encodeCursor(cursor), 't1', 'u1')).toEqual(cursor);
  });

  it('round-trips a listing position', () => {
    const listing = {
      ...cursor,
      listing: { depth: 2, path: '/a/ü', id: '6f1c2b1e-9f0a-4c1d-8e2f-0a1b2c3d4e5f' },
    };
    expect(decodeCursor(encodeCursor(listing), 't1', 'u1')).toEqual(listing);
  });

  it('rejects a cursor of another user', () => {
    expect(() => decodeCursor(encodeCursor(cursor), 't1', 'u2')).toThrow(/another user/);
  });

  it('rejects a cursor of another tenant', () => {
    expect(() => decodeCursor(encodeCursor(cursor), 't2', 'u1')).toThrow(/another user or tenant/);
  });

  it('round-trips the position within an access change', () => {
    const expanding = {
      ...cursor,
      expansion: { depth: 3, path: '/a/b/c', id: '6f1c2b1e-9f0a-4c1d-8e2f-0a1b2c3d4e5f' },
    };
    expect(decodeCursor(encodeCursor(expanding), 't1', 'u1')).toEqual(expanding);
  });

  it('binds a cursor to the tree it was issued for', () => {
    const share = { ...cursor, treeId: 'tree-a' };
    expect(decodeCursor(encodeCursor(share), 't1', 'u1', 'tree-a')).toEqual(share);
    expect(() => decodeCursor(encodeCursor(share), 't1', 'u1', 'tree-b')).toThrow(/another tree/);
    expect(() => decodeCursor(encodeCursor(share), 't1', 'u1')).toThrow(/another tree/);
    expect(() => decodeCursor(encodeCursor(cursor), 't1', 'u1', 'tree-a')).toThrow(/another tree/);
  });

  it('rejects a listing position whose id is not a UUID', () => {
    const forged = { ...cursor, listing: { depth: 1, path: '/', id: 'not-a-uuid' } };
    expect(() => decodeCursor(encodeCursor(forged), 't1', 'u1')).toThrow(/listing position/);
  });

  it.each([2147483648, 1e308, -1, 1.5])('rejects row number %d', (seq) => {
    const text = Buffer.from(JSON.stringify({ v: 1, t: 't1', u: 'u1', p: '1/1', s: seq })).toString(
      'base64url',
    );
    expect(() => decodeCursor(text, 't1', 'u1')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it.each(['', '!!!', 'bm90IGpzb24', Buffer.from('{"v":2}').toString('base64url')])(
    'rejects malformed cursor %j',
    (text) => {
      expect(() => decodeCursor(text, 't1', 'u1')).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    },
  );
});
