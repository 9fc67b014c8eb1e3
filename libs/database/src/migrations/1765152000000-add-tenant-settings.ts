import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Tenant defaults chosen by tenant administrators. */
export class AddTenantSettings1765152000000 implements MigrationInterface {
  name = 'AddTenantSettings1765152000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE tenants
        ADD COLUMN default_conflict_strategy text NOT NULL DEFAULT 'KEEP_BOTH',
        ADD COLUMN case_sensitive_names boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE tenants DROP COLUMN default_conflict_strategy, DROP COLUMN case_sensitive_names',
    );
  }
}
