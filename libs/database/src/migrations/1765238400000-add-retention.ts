import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Retention: each drive's policy (null while the defaults apply), and the chunk_uploads indexes
 * that chunk garbage collection looks rows up by, per chunk and by age.
 */
export class AddRetention1765238400000 implements MigrationInterface {
  name = 'AddRetention1765238400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE trees ADD COLUMN retention jsonb');
    await runner.query('CREATE INDEX chunk_uploads_sha256 ON chunk_uploads (sha256, uploaded_at)');
    await runner.query('CREATE INDEX chunk_uploads_uploaded_at ON chunk_uploads (uploaded_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS chunk_uploads_uploaded_at');
    await runner.query('DROP INDEX IF EXISTS chunk_uploads_sha256');
    await runner.query('ALTER TABLE trees DROP COLUMN retention');
  }
}
