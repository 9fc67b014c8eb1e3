import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Each tenant's monthly embedding budget; its spend is counted in storage_usage by period. */
export class AddEmbeddingBudgets1765843200000 implements MigrationInterface {
  name = 'AddEmbeddingBudgets1765843200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE tenants ADD COLUMN monthly_embedding_tokens bigint');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE tenants DROP COLUMN monthly_embedding_tokens');
  }
}
