import { type AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { SmtpMailer } from './smtp-mailer.js';

interface ReceivedMail {
  readonly from: string;
  readonly recipients: string[];
  readonly user: string | undefined;
  readonly raw: string;
}

describe('SmtpMailer', () => {
  let server: SMTPServer;
  let port: number;
  const received: ReceivedMail[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    server = new SMTPServer({
      // The test talks plain SMTP on the loopback address, so it needs neither TLS nor a certificate.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === 'secret') {
          callback(null, { user: auth.username });
        } else {
          callback(new Error('invalid username or password'));
        }
      },
      onData(stream, session: SMTPServerSession, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const mailFrom = session.envelope.mailFrom;
          received.push({
            from: mailFrom ? mailFrom.address : '',
            recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
            user: session.user as string | undefined,
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('delivers to the recipient', async () => {
    const mailer = new SmtpMailer({
      url: `smtp://127.0.0.1:${port}`,
      from: 'ScaiDrive <no-reply@files.example.com>',
    });
    try {
      await mailer.send({
        tenantId: '00000000-0000-4000-8000-000000000001',
        to: 'ann@example.com',
        subject: 'Your code',
        text: 'Your code is 123456.',
      });
    } finally {
      mailer.onModuleDestroy();
    }
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.recipients).toEqual(['ann@example.com']);
    expect(mail.from).toBe('no-reply@files.example.com');
    expect(mail.raw).toMatch(/^To: ann@example\.com\r$/m);
    expect(mail.raw).toMatch(/^Subject: Your code\r$/m);
    expect(mail.raw).toMatch(/^From: ScaiDrive <no-reply@files\.example\.com>\r$/m);
    expect(mail.raw).toContain('Your code is 123456.');
  });

  it('logs in with URL credentials', async () => {
    const mailer = new SmtpMailer({
      url: `smtp://mailer:secret@127.0.0.1:${port}`,
      from: 'ScaiDrive <no-reply@localhost>',
    });
    try {
      await mailer.send({
        tenantId: '00000000-0000-4000-8000-000000000001',
        to: 'bob@example.org',
        subject: 'Hello',
        text: 'Body',
      });
    } finally {
      mailer.onModuleDestroy();
    }
    expect(received).toHaveLength(1);
    expect(received[0].user).toBe('mailer');
    expect(received[0].recipients).toEqual(['bob@example.org']);
  });

  it('rejects when the server refuses the login', async () => {
    const mailer = new SmtpMailer({
      url: `smtp://mailer:wrong@127.0.0.1:${port}`,
      from: 'ScaiDrive <no-reply@localhost>',
    });
    try {
      const sending = mailer.send({
        tenantId: '00000000-0000-4000-8000-000000000001',
        to: 'bob@example.org',
        subject: 'Hello',
        text: 'Body',
      });
      await expect(sending).rejects.toThrow(/invalid username or password/);
    } finally {
      mailer.onModuleDestroy();
    }
    expect(received).toHaveLength(0);
  });
});
