import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DomainError } from '@scaidrive/domain';
import { openReadModelDataSource } from '@scaidrive/database';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { type Principal } from '../auth/principal.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxMailer } from './outbox-mailer.js';

function principalOf(tenantId: string, roles: string[]): Principal {
  return {
    userId: randomUUID(),
    tenantId,
    name: 'Admin',
    issuer: 'https://issuer.example.com',
    subject: 'admin',
    driveId: randomUUID(),
    rootFolderId: randomUUID(),
    groups: [],
    roles,
    partner: null,
  };
}

describe('OutboxMailer and OutboxController', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let mailer: OutboxMailer;
  let controller: OutboxController;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    database = await createTestDatabase('mail_outbox');
    dataSource = await openReadModelDataSource(database.url, 2);
    await dataSource.runMigrations();
    mailer = new OutboxMailer(dataSource);
    controller = new OutboxController(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('stores a sent message', async () => {
    const tenantId = randomUUID();
    await mailer.send({ tenantId, to: 'ann@example.com', subject: 'Code', text: 'It is 123456.' });
    const rows = await dataSource.query('SELECT * FROM mail_outbox WHERE tenant_id = $1', [
      tenantId,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].recipient).toBe('ann@example.com');
    expect(rows[0].subject).toBe('Code');
    expect(rows[0].body).toBe('It is 123456.');
  });

  it('lists the tenant mail newest first', async () => {
    const tenantId = randomUUID();
    for (const to of ['first@example.com', 'second@example.com', 'third@example.com']) {
      await mailer.send({ tenantId, to, subject: `To ${to}`, text: `Body for ${to}` });
    }
    await mailer.send({
      tenantId: randomUUID(),
      to: 'other@example.com',
      subject: 'Other tenant',
      text: 'Hidden',
    });

    const { items } = await controller.list(principalOf(tenantId, ['tenant-admin']));
    expect(items.map((item) => item.to)).toEqual([
      'third@example.com',
      'second@example.com',
      'first@example.com',
    ]);
    expect(items[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      to: 'third@example.com',
      subject: 'To third@example.com',
      text: 'Body for third@example.com',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
    });
  });

  it('applies the limit', async () => {
    const tenantId = randomUUID();
    for (let i = 0; i < 3; i++) {
      await mailer.send({ tenantId, to: `n${i}@example.com`, subject: 'S', text: 'T' });
    }
    const { items } = await controller.list(principalOf(tenantId, ['tenant-admin']), '2');
    expect(items.map((item) => item.to)).toEqual(['n2@example.com', 'n1@example.com']);
  });

  it.each(['0', '501', 'ten', '1.5'])('rejects limit %j', async (limit) => {
    const principal = principalOf(randomUUID(), ['tenant-admin']);
    await expect(controller.list(principal, limit)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('requires the tenant-admin role', async () => {
    const listing = controller.list(principalOf(randomUUID(), ['user']));
    await expect(listing).rejects.toBeInstanceOf(DomainError);
    await expect(listing).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
