import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Whether a tenant administrator disabled a user. */
export class AddUserStatus1765756800000 implements MigrationInterface {
  name = 'AddUserStatus1765756800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE users DROP COLUMN disabled');
  }
}
