import { EntityManager } from 'typeorm';

/**
 * Runs a statement with RETURNING and gives its rows. EntityManager.query answers UPDATE and
 * DELETE with a [rows, count] pair instead of the rows, so these statements go through the
 * query runner's structured result.
 */
export async function returningRows<T>(
  db: EntityManager,
  sql: string,
  parameters: readonly unknown[],
): Promise<T[]> {
  const runner = db.queryRunner ?? db.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, [...parameters], true);
    return result.records as T[];
  } finally {
    if (!db.queryRunner) await runner.release();
  }
}
