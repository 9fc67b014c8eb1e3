import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openReadModelDataSource } from '@scaidrive/database';
import { type LinkEvent } from '@scaidrive/domain';
import { type RecordedEvent } from '@scaidrive/event-store';
import {
  createTestDatabase,
  linkAccessed as accessed,
  linkCreated as created,
  type TestDatabase,
} from '@scaidrive/testing';
import { LinksProjection } from './links.projection.js';

const tenantId = randomUUID();
const projection = new LinksProjection();
let database: TestDatabase;
let dataSource: DataSource;
let position = 0n;

function recorded(event: LinkEvent, occurredAt: string, id = randomUUID()): RecordedEvent {
  position += 1n;
  const linkId = event.data.linkId;
  const streamId =
    event.type === 'LinkAccessed' && event.data.action !== 'download'
      ? `link-access-${linkId}`
      : `link-${linkId}`;
  return {
    id,
    streamId,
    type: event.type,
    revision: position,
    position: { commit: position, prepare: position },
    data: event.data,
    metadata: {
      tenantId,
      actor: { type: 'system', id: 'links-spec' },
      correlationId: id,
      causationId: id,
      occurredAt,
      schemaVersion: 1,
    },
    createdAt: new Date(occurredAt),
  };
}

async function apply(...events: RecordedEvent[]): Promise<void> {
  await dataSource.transaction(async (tx) => {
    for (const event of events) await projection.apply(tx, event);
  });
}

async function linkRow(linkId: string) {
  const rows: Record<string, unknown>[] = await dataSource.query(
    'SELECT * FROM links WHERE id = $1',
    [linkId],
  );
  return rows[0];
}

async function accessRows(linkId: string) {
  const rows: Record<string, unknown>[] = await dataSource.query(
    'SELECT * FROM link_accesses WHERE link_id = $1 ORDER BY occurred_at, id',
    [linkId],
  );
  return rows;
}

beforeAll(async () => {
  database = await createTestDatabase('links_projection');
  dataSource = await openReadModelDataSource(database.url, 2);
  await dataSource.runMigrations();
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

describe('LinksProjection', () => {
  it('inserts a created link', async () => {
    const link = created({
      passwordHash: 'scrypt$salt$hash',
      allowedNetworks: ['203.0.113.0/24', '2001:db8::/32'],
      allowedEmails: ['ann@example.com', '@example.org'],
      expiresAt: '2027-01-31T16:00:00.000Z',
      downloadLimit: 3,
    });
    await apply(recorded({ type: 'LinkCreated', data: link }, '2026-12-01T10:00:00.000Z'));

    const row = await linkRow(link.linkId);
    expect(row).toEqual({
      id: link.linkId,
      tenant_id: tenantId,
      token_hash: link.tokenHash,
      target: 'folder',
      tree_id: link.treeId,
      node_id: link.nodeId,
      share_id: link.shareId,
      created_by: link.createdBy,
      access: 'download',
      password_hash: 'scrypt$salt$hash',
      allowed_networks: ['203.0.113.0/24', '2001:db8::/32'],
      allowed_emails: ['ann@example.com', '@example.org'],
      expires_at: new Date('2027-01-31T16:00:00.000Z'),
      download_limit: 3,
      downloads: 0,
      revoked_at: null,
      created_at: new Date('2026-12-01T10:00:00.000Z'),
      updated_at: new Date('2026-12-01T10:00:00.000Z'),
    });
  });

  it('stores a personal-drive link without a share', async () => {
    const link = created({ shareId: null, target: 'file', access: 'view' });
    await apply(recorded({ type: 'LinkCreated', data: link }, '2026-12-01T10:00:00.000Z'));

    const row = await linkRow(link.linkId);
    expect(row?.share_id).toBeNull();
    expect(row?.target).toBe('file');
    expect(row?.allowed_networks).toEqual([]);
    expect(row?.allowed_emails).toEqual([]);
  });

  it('replaces every option on a change', async () => {
    const link = created({ passwordHash: 'old', allowedEmails: ['@example.com'] });
    await apply(
      recorded({ type: 'LinkCreated', data: link }, '2026-12-01T10:00:00.000Z'),
      recorded(
        {
          type: 'LinkOptionsChanged',
          data: {
            linkId: link.linkId,
            access: 'view',
            passwordHash: null,
            allowedNetworks: ['198.51.100.0/24'],
            allowedEmails: [],
            expiresAt: '2027-03-01T00:00:00.000Z',
            downloadLimit: 10,
          },
        },
        '2026-12-02T08:30:00.000Z',
      ),
    );

    const row = await linkRow(link.linkId);
    expect(row?.access).toBe('view');
    expect(row?.password_hash).toBeNull();
    expect(row?.allowed_networks).toEqual(['198.51.100.0/24']);
    expect(row?.allowed_emails).toEqual([]);
    expect(row?.expires_at).toEqual(new Date('2027-03-01T00:00:00.000Z'));
    expect(row?.download_limit).toBe(10);
    expect(row?.created_at).toEqual(new Date('2026-12-01T10:00:00.000Z'));
    expect(row?.updated_at).toEqual(new Date('2026-12-02T08:30:00.000Z'));
  });

  it('keeps the first revocation time', async () => {
    const link = created();
    const revoked = { type: 'LinkRevoked' as const, data: { linkId: link.linkId } };
    await apply(
      recorded({ type: 'LinkCreated', data: link }, '2026-12-01T10:00:00.000Z'),
      recorded(revoked, '2026-12-03T12:00:00.000Z'),
    );
    await apply(recorded(revoked, '2026-12-04T12:00:00.000Z'));

    const row = await linkRow(link.linkId);
    expect(row?.revoked_at).toEqual(new Date('2026-12-03T12:00:00.000Z'));
    expect(row?.updated_at).toEqual(new Date('2026-12-04T12:00:00.000Z'));
  });

  it('records an access row per event', async () => {
    const link = created();
    const denial = recorded(
      {
        type: 'LinkAccessed',
        data: accessed(link, {
          action: 'unlock',
          outcome: 'denied',
          reason: 'WRONG_PASSWORD',
          nodeId: null,
          userAgent: null,
          bytes: null,
        }),
      },
      '2026-12-01T11:00:00.000Z',
    );
    const download = recorded(
      {
        type: 'LinkAccessed',
        data: accessed(link, { email: 'ann@example.com', bytes: 5_000_000_000 }),
      },
      '2026-12-01T11:05:00.000Z',
    );
    await apply(recorded({ type: 'LinkCreated', data: link }, '2026-12-01T10:00:00.000Z'));
    await apply(denial, download);

    expect(await accessRows(link.linkId)).toEqual([
      {
        id: denial.id,
        link_id: link.linkId,
        tenant_id: tenantId,
        share_id: link.shareId,
        tree_id: link.treeId,
        node_id: null,
        action: 'unlock',
        outcome: 'denied',
        reason: 'WRONG_PASSWORD',
        client_address: '203.0.113.7',
        user_agent: null,
        email: null,
        bytes: null,
        occurred_at: new Date('2026-12-01T11:00:00.000Z'),
      },
      {
        id: download.id,
        link_id: link.linkId,
        tenant_id: tenantId,
        share_id: link.shareId,
        tree_id: link.treeId,
        node_id: link.nodeId,
        action: 'download',
        outcome: 'allowed',
        reason: null,
        client_address: '203.0.113.7',
        user_agent: 'curl/8.5.0',
        email: 'ann@example.com',
        bytes: '5000000000',
        occurred_at: new Date('2026-12-01T11:05:00.000Z'),
      },
    ]);
  });

  it('counts only allowed downloads', async () => {
    const link = created({ downloadLimit: 5 });
    const at = '2026-12-01T12:00:00.000Z';
    await apply(recorded({ type: 'LinkCreated', data: link }, '2026-12-01T10:00:00.000Z'));
    await apply(
      recorded({ type: 'LinkAccessed', data: accessed(link) }, at),
      recorded({ type: 'LinkAccessed', data: accessed(link) }, at),
      recorded(
        {
          type: 'LinkAccessed',
          data: accessed(link, { outcome: 'denied', reason: 'DOWNLOAD_LIMIT_REACHED' }),
        },
        at,
      ),
      recorded({ type: 'LinkAccessed', data: accessed(link, { action: 'list' }) }, at),
      recorded({ type: 'LinkAccessed', data: accessed(link, { action: 'metadata' }) }, at),
      recorded({ type: 'LinkAccessed', data: accessed(link, { action: 'upload' }) }, at),
    );

    expect((await linkRow(link.linkId))?.downloads).toBe(2);
    expect(await accessRows(link.linkId)).toHaveLength(6);
  });

  it('counts downloads of a link separately', async () => {
    const first = created();
    const second = created();
    const at = '2026-12-01T12:00:00.000Z';
    await apply(
      recorded({ type: 'LinkCreated', data: first }, at),
      recorded({ type: 'LinkCreated', data: second }, at),
      recorded({ type: 'LinkAccessed', data: accessed(first) }, at),
    );

    expect((await linkRow(first.linkId))?.downloads).toBe(1);
    expect((await linkRow(second.linkId))?.downloads).toBe(0);
  });

  it('applies a replayed event once', async () => {
    const link = created({ downloadLimit: 2 });
    const events = [
      recorded({ type: 'LinkCreated', data: link }, '2026-12-01T10:00:00.000Z'),
      recorded({ type: 'LinkAccessed', data: accessed(link) }, '2026-12-01T10:01:00.000Z'),
      recorded(
        { type: 'LinkAccessed', data: accessed(link, { action: 'list' }) },
        '2026-12-01T10:02:00.000Z',
      ),
      recorded({ type: 'LinkRevoked', data: { linkId: link.linkId } }, '2026-12-01T10:03:00.000Z'),
    ];
    await apply(...events);
    const before = await linkRow(link.linkId);
    const accessesBefore = await accessRows(link.linkId);

    await apply(...events);
    await apply(events[1]);

    expect(await linkRow(link.linkId)).toEqual(before);
    expect(before?.downloads).toBe(1);
    expect(await accessRows(link.linkId)).toEqual(accessesBefore);
    expect(accessesBefore).toHaveLength(2);
  });

  it('rebuilds the same rows from an emptied table', async () => {
    const link = created();
    const events = [
      recorded({ type: 'LinkCreated', data: link }, '2026-12-01T10:00:00.000Z'),
      recorded({ type: 'LinkAccessed', data: accessed(link) }, '2026-12-01T10:01:00.000Z'),
      recorded({ type: 'LinkAccessed', data: accessed(link) }, '2026-12-01T10:02:00.000Z'),
    ];
    await apply(...events);
    const before = await linkRow(link.linkId);
    const accessesBefore = await accessRows(link.linkId);

    await dataSource.query('DELETE FROM link_accesses WHERE link_id = $1', [link.linkId]);
    await dataSource.query('DELETE FROM links WHERE id = $1', [link.linkId]);
    await apply(...events);

    expect(await linkRow(link.linkId)).toEqual(before);
    expect(before?.downloads).toBe(2);
    expect(await accessRows(link.linkId)).toEqual(accessesBefore);
  });

  it('ignores events of other streams', async () => {
    const event = {
      ...recorded({ type: 'LinkRevoked', data: { linkId: randomUUID() } }, '2026-12-01T10:00:00Z'),
      type: 'ShareRenamed',
      data: { shareId: randomUUID(), name: 'Renamed' },
    };
    await expect(apply(event)).resolves.toBeUndefined();
  });

  it('owns both of its tables', () => {
    expect(projection.name).toBe('links');
    expect(projection.tables).toEqual(['links', 'link_accesses']);
  });
});
