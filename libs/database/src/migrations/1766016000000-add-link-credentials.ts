import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Unlock state of external links and the mail outbox. These tables are operational state written
 * directly by the API, not projections, so a projection rebuild leaves them alone.
 */
export class AddLinkCredentials1766016000000 implements MigrationInterface {
  name = 'AddLinkCredentials1766016000000';

  async up(runner: QueryRunner): Promise<void> {
    // One row per throttled scope: `address:<ip>` or `link:<id>`.
    await runner.query(`
      CREATE TABLE link_attempts (
        scope text PRIMARY KEY,
        failures int NOT NULL DEFAULT 0,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz,
        lockouts int NOT NULL DEFAULT 0
      )`);
    await runner.query(`
      CREATE TABLE link_sessions (
        token_hash text PRIMARY KEY,
        link_id uuid NOT NULL,
        email text,
        credential_stamp text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX link_sessions_expires_at ON link_sessions (expires_at)');
    await runner.query(`
      CREATE TABLE link_email_codes (
        id uuid PRIMARY KEY,
        link_id uuid NOT NULL,
        email text NOT NULL,
        code_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        attempts int NOT NULL DEFAULT 0
      )`);
    await runner.query(
      'CREATE INDEX link_email_codes_link_email ON link_email_codes (link_id, email)',
    );
    await runner.query('CREATE INDEX link_email_codes_expires_at ON link_email_codes (expires_at)');
    await runner.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE INDEX mail_outbox_tenant_created ON mail_outbox (tenant_id, created_at DESC, id DESC)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE mail_outbox');
    await runner.query('DROP TABLE link_email_codes');
    await runner.query('DROP TABLE link_sessions');
    await runner.query('DROP TABLE link_attempts');
  }
}
