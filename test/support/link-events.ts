import { createHash, randomUUID } from 'node:crypto';
import { type LinkAccessed, type LinkCreated } from '@scaidrive/domain';

/** Returns a download link to a folder with fresh ids and no options, changed by `overrides`. */
export function linkCreated(overrides: Partial<LinkCreated> = {}): LinkCreated {
  return {
    linkId: randomUUID(),
    tokenHash: createHash('sha256').update(randomUUID()).digest('hex'),
    target: 'folder',
    treeId: randomUUID(),
    nodeId: randomUUID(),
    shareId: randomUUID(),
    createdBy: randomUUID(),
    access: 'download',
    passwordHash: null,
    allowedNetworks: [],
    allowedEmails: [],
    expiresAt: null,
    downloadLimit: null,
    ...overrides,
  };
}

/** Returns an allowed download of the link's target by curl, changed by `overrides`. */
export function linkAccessed(
  link: LinkCreated,
  overrides: Partial<LinkAccessed> = {},
): LinkAccessed {
  return {
    linkId: link.linkId,
    shareId: link.shareId,
    treeId: link.treeId,
    nodeId: link.nodeId,
    action: 'download',
    outcome: 'allowed',
    reason: null,
    clientAddress: '203.0.113.7',
    userAgent: 'curl/8.5.0',
    email: null,
    bytes: 1024,
    ...overrides,
  };
}
