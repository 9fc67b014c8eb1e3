import { createHash, randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import {
  type CredentialsTestDatabase,
  openCredentialsTestDatabase,
} from './credentials-test-database.js';
import { EmailCodes, MAX_CODE_ATTEMPTS } from './email-codes.js';

const start = new Date('2027-01-01T00:00:00Z');

function at(seconds: number): Date {
  return new Date(start.getTime() + seconds * 1000);
}

function otherCode(code: string): string {
  return ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0');
}

describe('EmailCodes', () => {
  let database: CredentialsTestDatabase;
  let dataSource: DataSource;
  let codes: EmailCodes;

  beforeAll(async () => {
    database = await openCredentialsTestDatabase({ LINK_CODE_TTL_SECONDS: '600' });
    dataSource = database.dataSource;
    codes = new EmailCodes(dataSource, database.config);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('issues six digits', async () => {
    const code = await codes.issue(randomUUID(), 'ann@example.com', at(0));
    expect(code).toMatch(/^\d{6}$/);
  });

  it('accepts a code once', async () => {
    const linkId = randomUUID();
    const code = await codes.issue(linkId, 'ann@example.com', at(0));
    expect(await codes.consume(linkId, 'ann@example.com', code, at(1))).toBe('accepted');
    expect(await codes.consume(linkId, 'ann@example.com', code, at(2))).toBe('expired');
  });

  it('compares addresses without case or spaces', async () => {
    const linkId = randomUUID();
    const code = await codes.issue(linkId, ' Ann@Example.com', at(0));
    expect(await codes.consume(linkId, 'ann@example.COM ', ` ${code} `, at(1))).toBe('accepted');
  });

  it('stores only a hash of the code', async () => {
    const linkId = randomUUID();
    const code = await codes.issue(linkId, 'Ann@Example.com', at(0));
    const rows = await dataSource.query(
      'SELECT email, code_hash, expires_at FROM link_email_codes WHERE link_id = $1',
      [linkId],
    );
    const hash = createHash('sha256').update(`${linkId}\nann@example.com\n${code}`).digest('hex');
    expect(rows).toHaveLength(1);
    expect(rows[0].email).toBe('ann@example.com');
    expect(rows[0].code_hash).toBe(hash);
    expect(new Date(rows[0].expires_at)).toEqual(at(600));
  });

  it('rejects a wrong code', async () => {
    const linkId = randomUUID();
    const code = await codes.issue(linkId, 'ann@example.com', at(0));
    expect(await codes.consume(linkId, 'ann@example.com', otherCode(code), at(1))).toBe('wrong');
    expect(await codes.consume(linkId, 'ann@example.com', 'abcdef', at(1))).toBe('wrong');
    expect(await codes.consume(linkId, 'ann@example.com', code, at(2))).toBe('accepted');
  });

  it('rejects a code for another address or link', async () => {
    const linkId = randomUUID();
    const code = await codes.issue(linkId, 'ann@example.com', at(0));
    expect(await codes.consume(linkId, 'bob@example.com', code, at(1))).toBe('expired');
    expect(await codes.consume(randomUUID(), 'ann@example.com', code, at(1))).toBe('expired');
  });

  it('expires a code after its lifetime', async () => {
    const linkId = randomUUID();
    const code = await codes.issue(linkId, 'ann@example.com', at(0));
    expect(await codes.consume(linkId, 'ann@example.com', code, at(600))).toBe('expired');
  });

  it('accepts a code just before expiry', async () => {
    const linkId = randomUUID();
    const code = await codes.issue(linkId, 'ann@example.com', at(0));
    expect(await codes.consume(linkId, 'ann@example.com', code, at(599))).toBe('accepted');
  });

  it('kills a code after five wrong tries', async () => {
    const linkId = randomUUID();
    const code = await codes.issue(linkId, 'ann@example.com', at(0));
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
      expect(await codes.consume(linkId, 'ann@example.com', otherCode(code), at(1))).toBe('wrong');
    }
    expect(await codes.consume(linkId, 'ann@example.com', code, at(2))).toBe('expired');
  });

  it('replaces an older unused code', async () => {
    const linkId = randomUUID();
    const first = await codes.issue(linkId, 'ann@example.com', at(0));
    let second = await codes.issue(linkId, 'ann@example.com', at(1));
    // Two random codes are equal one time in a million, so the test issues again until they differ.
    while (second === first) second = await codes.issue(linkId, 'ann@example.com', at(1));
    expect(await codes.consume(linkId, 'ann@example.com', first, at(2))).toBe('wrong');
    expect(await codes.consume(linkId, 'ann@example.com', second, at(2))).toBe('accepted');
  });

  it('keeps codes of other addresses', async () => {
    const linkId = randomUUID();
    const ann = await codes.issue(linkId, 'ann@example.com', at(0));
    await codes.issue(linkId, 'bob@example.com', at(1));
    expect(await codes.consume(linkId, 'ann@example.com', ann, at(2))).toBe('accepted');
  });

  it('leaves one live code after parallel issues', async () => {
    const linkId = randomUUID();
    await Promise.all(
      Array.from({ length: 5 }, () => codes.issue(linkId, 'ann@example.com', at(0))),
    );
    const rows = await dataSource.query('SELECT id FROM link_email_codes WHERE link_id = $1', [
      linkId,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('accepts one of two parallel consumes', async () => {
    for (let round = 0; round < 10; round++) {
      const linkId = randomUUID();
      const code = await codes.issue(linkId, 'ann@example.com', at(0));
      const results = await Promise.all([
        codes.consume(linkId, 'ann@example.com', code, at(1)),
        codes.consume(linkId, 'ann@example.com', code, at(1)),
      ]);
      expect(results.filter((result) => result === 'accepted')).toHaveLength(1);
      expect(results.filter((result) => result === 'expired')).toHaveLength(1);
    }
  });

  it('counts parallel wrong tries exactly', async () => {
    const linkId = randomUUID();
    const code = await codes.issue(linkId, 'ann@example.com', at(0));
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        codes.consume(linkId, 'ann@example.com', otherCode(code), at(1)),
      ),
    );
    expect(results.filter((result) => result === 'wrong')).toHaveLength(MAX_CODE_ATTEMPTS);
    expect(results.filter((result) => result === 'expired')).toHaveLength(3);
  });

  it('deletes expired codes when issuing', async () => {
    const staleLink = randomUUID();
    await codes.issue(staleLink, 'ann@example.com', at(0));
    await codes.issue(randomUUID(), 'ann@example.com', at(600));
    const rows = await dataSource.query('SELECT id FROM link_email_codes WHERE link_id = $1', [
      staleLink,
    ]);
    expect(rows).toHaveLength(0);
  });
});
