import { auditPayload } from './audit-log.service.js';

describe('auditPayload', () => {
  it('replaces a link password hash with whether there is one', () => {
    const data = { linkId: 'l1', access: 'download', passwordHash: 'scrypt$15$8$1$salt$hash' };
    expect(auditPayload({ type: 'LinkCreated', data })).toEqual({
      linkId: 'l1',
      access: 'download',
      passwordProtected: true,
    });
    const cleared = { linkId: 'l1', passwordHash: null };
    expect(auditPayload({ type: 'LinkOptionsChanged', data: cleared })).toEqual({
      linkId: 'l1',
      passwordProtected: false,
    });
  });

  it('passes other payloads through unchanged', () => {
    const data = { nodeId: 'n1', passwordHash: 'not a link' };
    expect(auditPayload({ type: 'FileAdded', data })).toBe(data);
  });
});
