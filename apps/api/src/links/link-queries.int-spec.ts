import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openReadModelDataSource } from '@scaidrive/database';
import {
  DomainError,
  type DomainErrorCode,
  type LinkAccessed,
  type LinkCreated,
  type ShareRole,
} from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import { LinksProjection, SharingProjection } from '@scaidrive/projections';
import {
  createTestDatabase,
  linkAccessed,
  linkCreated,
  type TestDatabase,
} from '@scaidrive/testing';
import { type Principal } from '../auth/principal.js';
import { DriveAccess } from '../files/drive-access.js';
import { LinkQueries } from './link-queries.js';
import { decodeAccessCursor, encodeAccessCursor } from './link-views.js';

const tenantId = randomUUID();
const otherTenantId = randomUUID();
const shareId = randomUUID();
const shareTreeId = randomUUID();
const otherShareId = randomUUID();

const owner = principal();
const admin = principal();
const contributor = principal();
const reader = principal();
const outsider = principal();

let database: TestDatabase;
let dataSource: DataSource;
let queries: LinkQueries;
let position = 0n;

function principal(tenant: string = tenantId, userId: string = randomUUID()): Principal {
  return {
    userId,
    tenantId: tenant,
    name: `user ${userId}`,
    issuer: 'https://idp.example.com',
    subject: userId,
    driveId: randomUUID(),
    rootFolderId: randomUUID(),
    groups: [],
    roles: [],
    partner: null,
  };
}

function recorded(type: string, data: unknown, occurredAt: string, tenant: string = tenantId) {
  position += 1n;
  const id = randomUUID();
  const event: RecordedEvent = {
    id,
    streamId: `spec-${id}`,
    type,
    revision: 0n,
    position: { commit: position, prepare: position },
    data,
    metadata: {
      tenantId: tenant,
      actor: { type: 'system', id: 'link-queries-spec' },
      correlationId: id,
      causationId: id,
      occurredAt,
      schemaVersion: 1,
    },
    createdAt: new Date(occurredAt),
  };
  return event;
}

async function project(...events: RecordedEvent[]): Promise<void> {
  const projections = [new SharingProjection(), new LinksProjection()];
  await dataSource.transaction(async (tx) => {
    for (const event of events) {
      for (const projection of projections) await projection.apply(tx, event);
    }
  });
}

let linkClock = Date.parse('2026-11-01T00:00:00.000Z');

/** Creates a link in the share as `creator`, each one a minute newer than the last. */
async function createLink(
  creator: Principal,
  overrides: Partial<LinkCreated> = {},
): Promise<LinkCreated> {
  linkClock += 60_000;
  const link = linkCreated({
    treeId: shareTreeId,
    shareId,
    createdBy: creator.userId,
    ...overrides,
  });
  const occurredAt = new Date(linkClock).toISOString();
  await project(recorded('LinkCreated', link, occurredAt, creator.tenantId));
  return link;
}

function accessed(link: LinkCreated, overrides: Partial<LinkAccessed> = {}): LinkAccessed {
  return linkAccessed(link, { bytes: 2048, ...overrides });
}

async function expectDomainError(promise: Promise<unknown>, code: DomainErrorCode) {
  const error: unknown = await promise.then(
    () => null,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

function setMember(member: Principal, role: ShareRole, share = shareId) {
  return recorded(
    'ShareMemberSet',
    { shareId: share, member: { kind: 'user', id: member.userId }, role, previousRole: null },
    '2026-10-01T00:00:00.000Z',
  );
}

beforeAll(async () => {
  database = await createTestDatabase('link_queries');
  dataSource = await openReadModelDataSource(database.url, 2);
  await dataSource.runMigrations();
  queries = new LinkQueries(dataSource, new DriveAccess(dataSource));

  const shareCreated = (id: string, treeId: string, createdBy: Principal) =>
    recorded(
      'ShareCreated',
      {
        shareId: id,
        tenantId,
        name: `share ${id}`,
        treeId,
        rootId: randomUUID(),
        createdBy: createdBy.userId,
      },
      '2026-10-01T00:00:00.000Z',
    );
  await project(
    shareCreated(shareId, shareTreeId, owner),
    shareCreated(otherShareId, randomUUID(), outsider),
    setMember(admin, 'admin'),
    setMember(contributor, 'contributor'),
    setMember(reader, 'reader'),
    setMember(contributor, 'owner', otherShareId),
  );
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

describe('LinkQueries.link', () => {
  it('shows the creator their link', async () => {
    const link = await createLink(contributor, {
      passwordHash: 'scrypt$salt$hash',
      allowedNetworks: ['203.0.113.0/24'],
      allowedEmails: ['@example.com'],
      expiresAt: '2099-01-01T00:00:00.000Z',
      downloadLimit: 4,
    });

    const view = await queries.link(contributor, link.linkId);

    expect(view).toEqual({
      id: link.linkId,
      target: 'folder',
      nodeId: link.nodeId,
      shareId,
      treeId: shareTreeId,
      access: 'download',
      createdBy: contributor.userId,
      createdAt: new Date(linkClock).toISOString(),
      updatedAt: new Date(linkClock).toISOString(),
      passwordProtected: true,
      allowedNetworks: ['203.0.113.0/24'],
      allowedEmails: ['@example.com'],
      expiresAt: '2099-01-01T00:00:00.000Z',
      downloadLimit: 4,
      downloads: 0,
      revokedAt: null,
      status: 'active',
    });
    expect(JSON.stringify(view)).not.toContain(link.tokenHash);
    expect(JSON.stringify(view)).not.toContain('scrypt');
  });

  it.each([
    ['owner', owner],
    ['admin', admin],
  ])('shows a share %s every link', async (_role, manager) => {
    const link = await createLink(contributor);

    await expect(queries.link(manager, link.linkId)).resolves.toMatchObject({ id: link.linkId });
  });

  it.each([
    ['a reader', reader],
    ['a contributor', contributor],
    ['a non-member', outsider],
    ['another tenant', principal(otherTenantId, owner.userId)],
  ])('hides a link from %s', async (_case, caller) => {
    const link = await createLink(admin);

    await expectDomainError(queries.link(caller, link.linkId), 'NOT_FOUND');
  });

  it('hides a link from its creator in another tenant', async () => {
    const link = await createLink(contributor);
    const sameIdElsewhere = principal(otherTenantId, contributor.userId);

    await expectDomainError(queries.link(sameIdElsewhere, link.linkId), 'NOT_FOUND');
  });

  it.each([randomUUID(), 'not-a-uuid'])('reports unknown id %s as not found', async (id) => {
    await expectDomainError(queries.link(owner, id), 'NOT_FOUND');
  });

  it('lets a drive owner manage links into their drive', async () => {
    const driveOwner = principal();
    const creator = principal();
    const link = await createLink(creator, { treeId: driveOwner.driveId, shareId: null });

    await expect(queries.link(driveOwner, link.linkId)).resolves.toMatchObject({ shareId: null });
  });
});

describe('LinkQueries status', () => {
  it('reports a revoked link as revoked', async () => {
    const link = await createLink(owner, { expiresAt: '2020-01-01T00:00:00.000Z' });
    await project(recorded('LinkRevoked', { linkId: link.linkId }, '2026-12-01T00:00:00.000Z'));

    const view = await queries.link(owner, link.linkId);

    expect(view.status).toBe('revoked');
    expect(view.revokedAt).toBe('2026-12-01T00:00:00.000Z');
  });

  it('reports a past expiry as expired', async () => {
    const link = await createLink(owner, { expiresAt: '2020-01-01T00:00:00.000Z' });

    await expect(queries.link(owner, link.linkId)).resolves.toMatchObject({ status: 'expired' });
  });

  it('reports a used-up cap as exhausted', async () => {
    const link = await createLink(owner, { downloadLimit: 2 });
    const at = '2026-12-01T00:00:00.000Z';
    await project(recorded('LinkAccessed', accessed(link), at));

    await expect(queries.link(owner, link.linkId)).resolves.toMatchObject({
      status: 'active',
      downloads: 1,
    });

    await project(recorded('LinkAccessed', accessed(link), at));

    await expect(queries.link(owner, link.linkId)).resolves.toMatchObject({
      status: 'exhausted',
      downloads: 2,
    });
  });
});

describe('LinkQueries.links', () => {
  it('lists managed links newest first', async () => {
    const nodeId = randomUUID();
    const older = await createLink(contributor, { nodeId });
    const newer = await createLink(reader, { nodeId });

    const ids = (await queries.links(owner, { nodeId })).map((link) => link.id);

    expect(ids).toEqual([newer.linkId, older.linkId]);
  });

  it('lists only own links to a reader', async () => {
    const nodeId = randomUUID();
    const own = await createLink(reader, { nodeId });
    await createLink(owner, { nodeId });

    const ids = (await queries.links(reader, { nodeId })).map((link) => link.id);

    expect(ids).toEqual([own.linkId]);
  });

  it('filters by share', async () => {
    const inOtherShare = await createLink(contributor, { shareId: otherShareId });

    const ids = (await queries.links(contributor, { shareId: otherShareId })).map((l) => l.id);
    const all = (await queries.links(contributor)).map((link) => link.id);

    expect(ids).toEqual([inOtherShare.linkId]);
    expect(all).toContain(inOtherShare.linkId);
  });

  it('leaves out other tenants', async () => {
    const stranger = principal(otherTenantId, owner.userId);
    const theirs = await createLink(stranger, { treeId: stranger.driveId, shareId: null });

    const ours = (await queries.links(owner)).map((link) => link.id);
    const their = (await queries.links(stranger)).map((link) => link.id);

    expect(ours).not.toContain(theirs.linkId);
    expect(their).toEqual([theirs.linkId]);
  });

  it.each([{ nodeId: 'x' }, { shareId: '1' }])('rejects filter %o', async (filter) => {
    await expectDomainError(queries.links(owner, filter), 'INVALID_ARGUMENT');
  });
});

describe('LinkQueries.accesses', () => {
  it('pages the log newest first', async () => {
    const link = await createLink(contributor);
    const tie = '2026-12-02T10:00:00.000Z';
    const events = [
      recorded('LinkAccessed', accessed(link, { action: 'metadata' }), '2026-12-02T09:00:00.000Z'),
      recorded('LinkAccessed', accessed(link), tie),
      recorded('LinkAccessed', accessed(link, { action: 'list' }), tie),
      recorded('LinkAccessed', accessed(link, { action: 'list' }), tie),
      recorded(
        'LinkAccessed',
        accessed(link, { outcome: 'denied', reason: 'EXPIRED', bytes: null }),
        '2026-12-02T11:00:00.000Z',
      ),
    ];
    await project(...events);
    const tied = events
      .slice(1, 4)
      .map((event) => event.id)
      .sort()
      .reverse();
    const expected = [events[4].id, ...tied, events[0].id];

    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await queries.accesses(contributor, link.linkId, { limit: 2, before });
      seen.push(...page.items.map((item) => item.id));
      before = page.next ?? undefined;
      pages += 1;
    } while (before && pages < 10);

    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  it('returns access entries in API form', async () => {
    const link = await createLink(contributor);
    const event = recorded(
      'LinkAccessed',
      accessed(link, { email: 'ann@example.com', bytes: 5_000_000_000 }),
      '2026-12-03T10:00:00.000Z',
    );
    await project(event);

    const page = await queries.accesses(owner, link.linkId, { limit: 10 });

    expect(page.next).toBeNull();
    expect(page.items).toEqual([
      {
        id: event.id,
        linkId: link.linkId,
        shareId,
        nodeId: link.nodeId,
        action: 'download',
        outcome: 'allowed',
        reason: null,
        clientAddress: '203.0.113.7',
        userAgent: 'curl/8.5.0',
        email: 'ann@example.com',
        bytes: 5_000_000_000,
        occurredAt: '2026-12-03T10:00:00.000Z',
      },
    ]);
  });

  it('hides the log of an unmanaged link', async () => {
    const link = await createLink(owner);

    await expectDomainError(queries.accesses(reader, link.linkId, { limit: 10 }), 'NOT_FOUND');
  });

  it.each([0, -1, 1.5, 1001])('rejects page size %d', async (limit) => {
    const link = await createLink(owner);

    await expectDomainError(queries.accesses(owner, link.linkId, { limit }), 'INVALID_ARGUMENT');
  });

  it.each(['garbage', Buffer.from('[1,2]').toString('base64url'), ''])(
    'rejects cursor %j',
    async (before) => {
      const link = await createLink(owner);

      await expectDomainError(
        queries.accesses(owner, link.linkId, { limit: 10, before }),
        'INVALID_ARGUMENT',
      );
    },
  );
});

describe('LinkQueries.shareAccesses', () => {
  let shareLogClock = Date.parse('2030-01-01T00:00:00.000Z');

  it.each([
    ['owner', owner],
    ['admin', admin],
  ])('shows a share %s every link log', async (_role, manager) => {
    const first = await createLink(contributor);
    const second = await createLink(reader);
    // Later than every other access in this file, so that these two open the share's log.
    shareLogClock += 60_000;
    const at = (offset: number) => new Date(shareLogClock + offset).toISOString();
    const firstAccess = recorded('LinkAccessed', accessed(first), at(0));
    const secondAccess = recorded('LinkAccessed', accessed(second), at(1000));
    await project(firstAccess, secondAccess);

    const page = await queries.shareAccesses(manager, shareId, { limit: 2 });

    expect(page.items.map((item) => item.id)).toEqual([secondAccess.id, firstAccess.id]);
    expect(page.next).not.toBeNull();
  });

  it.each([
    ['contributor', contributor],
    ['reader', reader],
  ])('forbids a %s', async (_role, member) => {
    await expectDomainError(queries.shareAccesses(member, shareId, { limit: 10 }), 'FORBIDDEN');
  });

  it.each([
    ['a non-member', outsider],
    ['another tenant', principal(otherTenantId, owner.userId)],
  ])('hides the share from %s', async (_case, caller) => {
    await expectDomainError(queries.shareAccesses(caller, shareId, { limit: 10 }), 'NOT_FOUND');
  });

  it('leaves out other shares', async () => {
    const link = await createLink(contributor, { shareId: otherShareId });
    const event = recorded('LinkAccessed', accessed(link), '2027-02-01T00:00:00.000Z');
    await project(event);

    const page = await queries.shareAccesses(owner, shareId, { limit: 1000 });

    expect(page.items.map((item) => item.id)).not.toContain(event.id);
  });
});

describe('LinkQueries rows', () => {
  it('finds a row by id and token hash', async () => {
    const link = await createLink(owner, { passwordHash: 'scrypt$salt$hash' });

    const byId = await queries.linkRow(link.linkId);
    const byToken = await queries.linkByTokenHash(link.tokenHash);

    expect(byId?.token_hash).toBe(link.tokenHash);
    expect(byId?.password_hash).toBe('scrypt$salt$hash');
    expect(byToken?.id).toBe(link.linkId);
  });

  it('returns null for unknown links', async () => {
    await expect(queries.linkRow(randomUUID())).resolves.toBeNull();
    await expect(queries.linkRow('nope')).resolves.toBeNull();
    await expect(queries.linkByTokenHash('0'.repeat(64))).resolves.toBeNull();
  });
});

describe('access cursor', () => {
  it('round-trips a key', () => {
    const key = { occurredAt: '2026-12-02T10:00:00.123456Z', id: randomUUID() };

    expect(decodeAccessCursor(encodeAccessCursor(key))).toEqual(key);
  });
});
