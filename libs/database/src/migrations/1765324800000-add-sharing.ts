import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Groups and shares. share_members repeats the share's tree so that the trees a user reaches are
 * one indexed join away from their user id and group ids.
 */
export class AddSharing1765324800000 implements MigrationInterface {
  name = 'AddSharing1765324800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE groups (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX groups_tenant_name ON groups (tenant_id, name)');
    await runner.query(`
      CREATE TABLE group_members (
        group_id uuid NOT NULL,
        user_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        PRIMARY KEY (group_id, user_id)
      )`);
    await runner.query('CREATE INDEX group_members_user ON group_members (user_id)');
    await runner.query(`
      CREATE TABLE shares (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        tree_id uuid NOT NULL UNIQUE,
        root_id uuid NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX shares_tenant ON shares (tenant_id)');
    await runner.query(`
      CREATE TABLE share_members (
        share_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        tree_id uuid NOT NULL,
        member_kind text NOT NULL CHECK (member_kind IN ('user', 'group')),
        member_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'contributor', 'reader')),
        PRIMARY KEY (share_id, member_kind, member_id)
      )`);
    await runner.query('CREATE INDEX share_members_member ON share_members (member_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['share_members', 'shares', 'group_members', 'groups']) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
