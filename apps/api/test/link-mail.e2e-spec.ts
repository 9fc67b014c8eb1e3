import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { signDevToken } from '@scaidrive/auth';
import { HttpClient, LinkVisitor, startTestServer, type TestServer } from '@scaidrive/testing';

/** Returns a loopback port that nothing listens on once this returns. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('one-time codes over SMTP', () => {
  let smtp: SMTPServer;
  const inbox: { to: string[]; raw: string }[] = [];
  let server: TestServer | undefined;

  beforeAll(async () => {
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const parts: Buffer[] = [];
        stream.on('data', (part: Buffer) => parts.push(part));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((recipient) => recipient.address);
          inbox.push({ to, raw: Buffer.concat(parts).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  /** Starts the API with SMTP_URL and returns a link that admits one address. */
  async function emailLink(smtpUrl: string) {
    server = await startTestServer({ SMTP_URL: smtpUrl, SMTP_FROM: 'Drive <drive@example.com>' });
    const alice = new HttpClient(
      server.url,
      await signDevToken({ dataDir: server.dataDir, user: 'alice' }),
    );
    const root = (await alice.get('/me')).body.rootFolderId;
    const created = await alice.post('/links', {
      nodeId: root,
      allowedEmails: ['ann@example.com'],
    });
    expect(created.status).toBe(201);
    return { alice, token: created.body.token as string, id: created.body.id as string };
  }

  it('mails codes over SMTP', async () => {
    const port = (smtp.server.address() as AddressInfo).port;
    const { token } = await emailLink(`smtp://127.0.0.1:${port}`);
    const visitor = new LinkVisitor(server!.url);
    const requested = await visitor.post(`/public/links/${token}/email-code`, {
      email: 'ann@example.com',
    });
    expect(requested.status).toBe(202);
    const mail = inbox.find((message) => message.to.includes('ann@example.com'));
    expect(mail?.raw).toContain('From: Drive <drive@example.com>');
    const code = /Code: (\d{6})/.exec(mail!.raw)![1];
    const unlocked = await visitor.post(`/public/links/${token}/unlock`, {
      email: 'ann@example.com',
      code,
    });
    expect(unlocked.status).toBe(200);
    const admin = new HttpClient(
      server!.url,
      await signDevToken({ dataDir: server!.dataDir, user: 'root', roles: ['tenant-admin'] }),
    );
    expect((await admin.get('/admin/outbox')).body.items).toEqual([]);
  });

  it('logs failed mail, still responds 202', async () => {
    const { alice, token, id } = await emailLink(`smtp://127.0.0.1:${await closedPort()}`);
    const visitor = new LinkVisitor(server!.url);
    const requested = await visitor.post(`/public/links/${token}/email-code`, {
      email: 'ann@example.com',
    });
    expect(requested.status).toBe(202);
    const log = (await alice.get(`/links/${id}/accesses`)).body.items;
    expect(log.map((entry: any) => [entry.action, entry.outcome, entry.reason])).toEqual([
      ['request-code', 'denied', 'MAIL_UNAVAILABLE'],
    ]);
  });
});
