import { createHash, randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import {
  type CredentialsTestDatabase,
  openCredentialsTestDatabase,
} from './credentials-test-database.js';
import { credentialStamp, LinkSessions } from './link-sessions.js';

const now = new Date('2027-01-01T00:00:00Z');
const inOneHour = new Date(now.getTime() + 3600 * 1000);

describe('LinkSessions', () => {
  let database: CredentialsTestDatabase;
  let dataSource: DataSource;
  let sessions: LinkSessions;

  beforeAll(async () => {
    database = await openCredentialsTestDatabase();
    dataSource = database.dataSource;
    sessions = new LinkSessions(dataSource);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('resolves an issued token', async () => {
    const linkId = randomUUID();
    const issued = await sessions.issue(linkId, 'stamp', 'ann@example.com', inOneHour);
    expect(issued.expiresAt).toBe('2027-01-01T01:00:00.000Z');
    expect(await sessions.resolve(issued.accessToken, linkId, 'stamp', now)).toEqual({
      email: 'ann@example.com',
    });
  });

  it('resolves a session without email', async () => {
    const linkId = randomUUID();
    const { accessToken } = await sessions.issue(linkId, 'stamp', null, inOneHour);
    expect(await sessions.resolve(accessToken, linkId, 'stamp', now)).toEqual({ email: null });
  });

  it('stores only the token digest', async () => {
    const { accessToken } = await sessions.issue(randomUUID(), 'stamp', null, inOneHour);
    const digest = createHash('sha256').update(accessToken).digest('hex');
    const rows = await dataSource.query('SELECT token_hash FROM link_sessions');
    const hashes = rows.map((row: { token_hash: string }) => row.token_hash);
    expect(hashes).toContain(digest);
    expect(hashes).not.toContain(accessToken);
  });

  it('issues 256-bit tokens', async () => {
    const { accessToken } = await sessions.issue(randomUUID(), 'stamp', null, inOneHour);
    expect(Buffer.from(accessToken, 'base64url')).toHaveLength(32);
  });

  it('rejects an unknown token', async () => {
    const unknown = Buffer.alloc(32, 1).toString('base64url');
    expect(await sessions.resolve(unknown, randomUUID(), 'stamp', now)).toBeNull();
    expect(await sessions.resolve('not a token', randomUUID(), 'stamp', now)).toBeNull();
  });

  it('rejects a token of another link', async () => {
    const { accessToken } = await sessions.issue(randomUUID(), 'stamp', null, inOneHour);
    expect(await sessions.resolve(accessToken, randomUUID(), 'stamp', now)).toBeNull();
  });

  it('rejects a token after credentials change', async () => {
    const linkId = randomUUID();
    const before = credentialStamp('scrypt$15$8$1$b2xk$b2xk', ['ann@example.com']);
    const { accessToken } = await sessions.issue(linkId, before, null, inOneHour);
    const newPassword = credentialStamp('scrypt$15$8$1$bmV3$bmV3', ['ann@example.com']);
    const newList = credentialStamp('scrypt$15$8$1$b2xk$b2xk', ['bob@example.com']);
    expect(await sessions.resolve(accessToken, linkId, before, now)).toEqual({ email: null });
    expect(await sessions.resolve(accessToken, linkId, newPassword, now)).toBeNull();
    expect(await sessions.resolve(accessToken, linkId, newList, now)).toBeNull();
  });

  it('rejects and deletes an expired token', async () => {
    const linkId = randomUUID();
    const { accessToken } = await sessions.issue(linkId, 'stamp', null, inOneHour);
    expect(await sessions.resolve(accessToken, linkId, 'stamp', inOneHour)).toBeNull();
    const digest = createHash('sha256').update(accessToken).digest('hex');
    const rows = await dataSource.query('SELECT 1 FROM link_sessions WHERE token_hash = $1', [
      digest,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('deletes expired sessions when issuing', async () => {
    const past = new Date(Date.now() - 1000);
    const { accessToken } = await sessions.issue(randomUUID(), 'stamp', null, past);
    await sessions.issue(randomUUID(), 'stamp', null, inOneHour);
    const digest = createHash('sha256').update(accessToken).digest('hex');
    const rows = await dataSource.query('SELECT 1 FROM link_sessions WHERE token_hash = $1', [
      digest,
    ]);
    expect(rows).toHaveLength(0);
  });
});
