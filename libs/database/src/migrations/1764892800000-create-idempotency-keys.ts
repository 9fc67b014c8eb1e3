import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Responses of commands sent with an Idempotency-Key, kept so a retry gets the first answer. */
export class CreateIdempotencyKeys1764892800000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764892800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        status integer,
        body text,
        content_type text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await runner.query(`CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS idempotency_keys');
  }
}
