import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** A share's own conflict strategy, between the request's and the tenant's; null for none. */
export class AddShareConflictStrategy1765584000000 implements MigrationInterface {
  name = 'AddShareConflictStrategy1765584000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE shares ADD COLUMN conflict_strategy text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE shares DROP COLUMN conflict_strategy');
  }
}
