import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * External links and their access log. A link row keeps only the SHA-256 of its token, and
 * `downloads` counts the downloads the link allowed so far. Access rows take the id of the event
 * that recorded them, so replaying an event cannot add a row or a download twice.
 */
export class AddLinks1765929600000 implements MigrationInterface {
  name = 'AddLinks1765929600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE links (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        target text NOT NULL CHECK (target IN ('file', 'folder', 'share')),
        tree_id uuid NOT NULL,
        node_id uuid NOT NULL,
        share_id uuid,
        created_by uuid NOT NULL,
        access text NOT NULL CHECK (access IN ('view', 'download', 'upload')),
        password_hash text,
        allowed_networks text[] NOT NULL DEFAULT '{}',
        allowed_emails text[] NOT NULL DEFAULT '{}',
        expires_at timestamptz,
        download_limit integer,
        downloads integer NOT NULL DEFAULT 0,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX links_tenant_creator ON links (tenant_id, created_by)');
    await runner.query('CREATE INDEX links_share ON links (share_id)');
    await runner.query('CREATE INDEX links_node ON links (node_id)');
    await runner.query(`
      CREATE TABLE link_accesses (
        id uuid PRIMARY KEY,
        link_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        share_id uuid,
        tree_id uuid NOT NULL,
        node_id uuid,
        action text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
        reason text,
        client_address text NOT NULL,
        user_agent text,
        email text,
        bytes bigint,
        occurred_at timestamptz NOT NULL
      )`);
    await runner.query(
      'CREATE INDEX link_accesses_link ON link_accesses (link_id, occurred_at DESC, id DESC)',
    );
    await runner.query(
      'CREATE INDEX link_accesses_share ON link_accesses (share_id, occurred_at DESC, id DESC)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS link_accesses');
    await runner.query('DROP TABLE IF EXISTS links');
  }
}
