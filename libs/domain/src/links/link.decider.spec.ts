import {
  decideLink,
  downloadDenial,
  type LinkCreated,
  type LinkEvent,
  linkState,
} from './index.js';

const created: LinkCreated = {
  linkId: 'l1',
  tokenHash: 'h',
  target: 'folder',
  treeId: 't1',
  nodeId: 'n1',
  shareId: null,
  createdBy: 'u1',
  access: 'download',
  passwordHash: null,
  allowedNetworks: [],
  allowedEmails: [],
  expiresAt: null,
  downloadLimit: 2,
};

const download = (outcome: 'allowed' | 'denied'): LinkEvent => ({
  type: 'LinkAccessed',
  data: {
    linkId: 'l1',
    shareId: null,
    treeId: 't1',
    nodeId: 'n2',
    action: 'download',
    outcome,
    reason: outcome === 'denied' ? 'DOWNLOAD_LIMIT_REACHED' : null,
    clientAddress: '192.0.2.1',
    userAgent: null,
    email: null,
    bytes: 10,
  },
});

describe('link decisions', () => {
  const history: LinkEvent[] = [{ type: 'LinkCreated', data: created }];
  const now = new Date('2027-01-01T00:00:00Z');

  it('creates once and rejects a drop zone on a file', () => {
    expect(decideLink([], { type: 'CreateLink', link: created })).toHaveLength(1);
    expect(() => decideLink(history, { type: 'CreateLink', link: created })).toThrow('exists');
    const onFile = { ...created, target: 'file' as const, access: 'upload' as const };
    expect(() => decideLink([], { type: 'CreateLink', link: onFile })).toThrow('drop zone');
    expect(() =>
      decideLink([], { type: 'CreateLink', link: { ...created, downloadLimit: 0 } }),
    ).toThrow('downloadLimit');
  });

  it('revokes once and rejects changes afterwards', () => {
    const revoked = [...history, ...decideLink(history, { type: 'RevokeLink' })];
    expect(decideLink(revoked, { type: 'RevokeLink' })).toEqual([]);
    expect(() => decideLink(revoked, { type: 'ChangeLinkOptions', options: created })).toThrow(
      'revoked',
    );
    expect(downloadDenial(linkState(revoked), now)).toBe('REVOKED');
  });

  it('counts only allowed downloads against the cap', () => {
    expect(downloadDenial(linkState([...history, download('allowed')]), now)).toBeNull();
    const spent = [...history, download('allowed'), download('denied'), download('allowed')];
    expect(linkState(spent).downloads).toBe(2);
    expect(downloadDenial(linkState(spent), now)).toBe('DOWNLOAD_LIMIT_REACHED');
  });

  it('rejects downloads from the expiry instant on', () => {
    const expiring: LinkEvent[] = [
      { type: 'LinkCreated', data: { ...created, expiresAt: '2027-01-01T00:00:00.000Z' } },
    ];
    expect(downloadDenial(linkState(expiring), new Date(now.getTime() - 1))).toBeNull();
    expect(downloadDenial(linkState(expiring), now)).toBe('EXPIRED');
  });
});
