import { randomUUID } from 'node:crypto';
import { signDevToken } from '@scaidrive/auth';
import { EVENT_STORE, type EventStore } from '@scaidrive/event-store';
import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('health of a stalled projection', () => {
  let server: TestServer;

  afterAll(async () => {
    await server?.stop();
  });

  it('turns degraded while a projection cannot apply an event', async () => {
    server = await startTestServer({ LOG_LEVEL: 'fatal' });
    const client = new HttpClient(
      server.url,
      await signDevToken({ dataDir: server.dataDir, user: 'alice' }),
    );
    const me = (await client.get('/me')).body;
    const before = (await client.withToken(null).get('/health')).body;
    expect([before.status, before.projections.failing]).toEqual(['ok', []]);

    // PostgreSQL takes no year past 9999, so the links projection fails on this event every time.
    const linkId = randomUUID();
    const eventStore = server.app.get<EventStore>(EVENT_STORE);
    await eventStore.append(
      `link-${linkId}`,
      [
        {
          id: randomUUID(),
          type: 'LinkCreated',
          data: {
            linkId,
            tokenHash: 'f'.repeat(64),
            target: 'folder',
            treeId: me.driveId,
            nodeId: me.rootFolderId,
            shareId: null,
            createdBy: me.userId,
            access: 'view',
            passwordHash: null,
            allowedNetworks: [],
            allowedEmails: [],
            expiresAt: '+010000-01-01T00:00:00.000Z',
            downloadLimit: null,
          },
          metadata: {
            tenantId: me.tenantId,
            actor: { type: 'user', id: me.userId },
            correlationId: randomUUID(),
            causationId: randomUUID(),
            occurredAt: new Date().toISOString(),
            schemaVersion: 1,
          },
        },
      ],
      'no_stream',
    );

    let health = before;
    for (let attempt = 0; attempt < 100 && health.status !== 'degraded'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = (await client.withToken(null).get('/health')).body;
    }
    expect(health.status).toBe('degraded');
    expect(health.projections.failing).toEqual([
      expect.objectContaining({ projection: 'links', failures: expect.any(Number) }),
    ]);
    expect(health.projections.position).not.toBe(health.log.head);
  });
});
