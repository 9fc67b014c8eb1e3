import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The partner each tenant belongs to, and whether a partner administrator suspended it. */
export class AddTenantStatus1765497600000 implements MigrationInterface {
  name = 'AddTenantStatus1765497600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE tenants ADD COLUMN partner text');
    await runner.query('ALTER TABLE tenants ADD COLUMN suspended_reason text');
    await runner.query('CREATE INDEX tenants_partner ON tenants (partner)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS tenants_partner');
    await runner.query('ALTER TABLE tenants DROP COLUMN suspended_reason');
    await runner.query('ALTER TABLE tenants DROP COLUMN partner');
  }
}
