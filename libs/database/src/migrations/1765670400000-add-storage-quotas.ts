import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Storage quotas: each tenant's limits, the bytes of every version kept (current, old, rejected
 * and pending conflict versions, and those in the trash), usage per user, tenant and partner, and
 * the reservations of commits that are appending.
 */
export class AddStorageQuotas1765670400000 implements MigrationInterface {
  name = 'AddStorageQuotas1765670400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE tenants ADD COLUMN storage_quota bigint');
    await runner.query('ALTER TABLE tenants ADD COLUMN user_storage_quota bigint');
    await runner.query(`
      CREATE TABLE usage_trees (
        tree_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        owner_id uuid NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE usage_tenants (
        tenant_id uuid PRIMARY KEY,
        partner text
      )`);
    await runner.query(`
      CREATE TABLE stored_versions (
        version_id uuid PRIMARY KEY,
        tree_id uuid NOT NULL,
        size bigint NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE storage_usage (
        scope text PRIMARY KEY,
        bytes bigint NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE storage_reservations (
        id uuid PRIMARY KEY,
        scopes text[] NOT NULL,
        bytes bigint NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(
      'CREATE INDEX storage_reservations_scopes ON storage_reservations USING gin (scopes)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'storage_reservations',
      'storage_usage',
      'stored_versions',
      'usage_tenants',
      'usage_trees',
    ]) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await runner.query('ALTER TABLE tenants DROP COLUMN user_storage_quota');
    await runner.query('ALTER TABLE tenants DROP COLUMN storage_quota');
  }
}
