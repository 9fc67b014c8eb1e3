import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { AttemptThrottle } from './attempt-throttle.js';
import {
  type CredentialsTestDatabase,
  openCredentialsTestDatabase,
} from './credentials-test-database.js';

const start = new Date('2027-01-01T00:00:00Z');

function at(seconds: number): Date {
  return new Date(start.getTime() + seconds * 1000);
}

describe('AttemptThrottle', () => {
  let database: CredentialsTestDatabase;
  let dataSource: DataSource;
  let throttle: AttemptThrottle;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    database = await openCredentialsTestDatabase({
      LINK_FAILURES_PER_ADDRESS: '10',
      LINK_FAILURES_PER_LINK: '20',
      LINK_FAILURE_WINDOW_SECONDS: '900',
      LINK_LOCKOUT_SECONDS: '60',
    });
    dataSource = database.dataSource;
    throttle = new AttemptThrottle(dataSource, database.config);
  });

  afterAll(async () => {
    await database?.close();
  });

  async function scopeRow(scope: string) {
    const rows = await dataSource.query('SELECT * FROM link_attempts WHERE scope = $1', [scope]);
    return rows[0];
  }

  async function fail(linkId: string, address: string, times: number, now: Date) {
    for (let i = 0; i < times; i++) await throttle.recordFailure(linkId, address, now);
  }

  it('reports no lock-out before failures', async () => {
    expect(await throttle.lockedFor(randomUUID(), '192.0.2.1', start)).toBeNull();
  });

  it('locks an address at its limit', async () => {
    const linkId = randomUUID();
    await fail(linkId, '192.0.2.2', 9, at(0));
    expect(await throttle.lockedFor(linkId, '192.0.2.2', at(1))).toBeNull();

    await throttle.recordFailure(linkId, '192.0.2.2', at(10));
    expect(await throttle.lockedFor(linkId, '192.0.2.2', at(10))).toBe(60);
    expect(await throttle.lockedFor(randomUUID(), '192.0.2.2', at(40))).toBe(30);
    expect(await throttle.lockedFor(linkId, '192.0.2.99', at(10))).toBeNull();
    expect(await throttle.lockedFor(linkId, '192.0.2.2', at(70))).toBeNull();
  });

  it('rounds the remaining time up', async () => {
    const linkId = randomUUID();
    await fail(linkId, '192.0.2.3', 10, at(0));
    expect(await throttle.lockedFor(linkId, '192.0.2.3', new Date(at(59).getTime() + 1))).toBe(1);
    expect(await throttle.lockedFor(linkId, '192.0.2.3', new Date(at(58).getTime() + 1))).toBe(2);
  });

  it('locks a link from many addresses', async () => {
    const linkId = randomUUID();
    for (let i = 0; i < 20; i++) await throttle.recordFailure(linkId, `198.51.100.${i}`, at(0));
    expect(await throttle.lockedFor(linkId, '203.0.113.200', at(0))).toBe(60);
    expect(await throttle.lockedFor(randomUUID(), '203.0.113.200', at(0))).toBeNull();
  });

  it('returns the later of two lock-outs', async () => {
    const linkId = randomUUID();
    const address = '192.0.2.4';
    await fail(randomUUID(), address, 10, at(0));
    await fail(randomUUID(), address, 10, at(100));
    await dataSource.query(
      `INSERT INTO link_attempts (scope, failures, window_started_at, locked_until, lockouts)
       VALUES ($1, 0, $2, $3, 1)`,
      [`link:${linkId}`, at(100), at(130)],
    );
    expect(await throttle.lockedFor(linkId, address, at(100))).toBe(120);
  });

  it('doubles a repeated lock-out', async () => {
    const linkId = randomUUID();
    await fail(linkId, '192.0.2.5', 10, at(0));
    await fail(linkId, '192.0.2.5', 10, at(100));
    expect(await throttle.lockedFor(linkId, '192.0.2.5', at(100))).toBe(120);
    const row = await scopeRow('address:192.0.2.5');
    expect(row.lockouts).toBe(2);
    expect(row.failures).toBe(0);
  });

  it('restarts the count after the window', async () => {
    const linkId = randomUUID();
    await fail(linkId, '192.0.2.6', 9, at(0));
    await throttle.recordFailure(linkId, '192.0.2.6', at(900));
    expect(await throttle.lockedFor(linkId, '192.0.2.6', at(900))).toBeNull();
    expect((await scopeRow('address:192.0.2.6')).failures).toBe(1);
  });

  it('counts an IPv6 /64 as one address', async () => {
    const linkId = randomUUID();
    for (let i = 1; i <= 10; i++) await throttle.recordFailure(linkId, `2001:db8:1:2::${i}`, at(0));
    expect(await throttle.lockedFor(randomUUID(), '2001:db8:1:2:ffff::1', at(0))).toBe(60);
  });

  it('counts 30 parallel failures exactly', async () => {
    const linkId = randomUUID();
    const address = '192.0.2.9';
    await Promise.all(
      Array.from({ length: 30 }, () => throttle.recordFailure(linkId, address, at(0))),
    );
    const addressRow = await scopeRow('address:192.0.2.9');
    const linkRow = await scopeRow(`link:${linkId}`);
    // 30 failures at a limit of 10 lock the address three times: 60, 120, then 240 seconds.
    expect(addressRow.lockouts).toBe(3);
    expect(addressRow.failures).toBe(0);
    expect(new Date(addressRow.locked_until)).toEqual(at(240));
    // At a limit of 20 the link locks once and keeps 10 failures.
    expect(linkRow.lockouts).toBe(1);
    expect(linkRow.failures).toBe(10);
    expect(new Date(linkRow.locked_until)).toEqual(at(60));
  });

  it('deletes quiet scopes', async () => {
    const linkId = randomUUID();
    await fail(linkId, '192.0.2.10', 10, at(0));
    await throttle.recordFailure(linkId, '192.0.2.11', at(0));
    await throttle.deleteStale(at(900 + 59));
    expect(await scopeRow('address:192.0.2.10')).toBeDefined();
    expect(await scopeRow('address:192.0.2.11')).toBeUndefined();
    await throttle.deleteStale(at(900 + 60));
    expect(await scopeRow('address:192.0.2.10')).toBeUndefined();
  });
});
