import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Conflicts as first-class rows, and versions that are not a file's head: the incoming version of
 * an open MANUAL conflict (pending) and one a strategy did not take (rejected). Both stay
 * downloadable, so no edit is lost.
 */
export class CreateConflicts1764979200000 implements MigrationInterface {
  name = 'CreateConflicts1764979200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE file_versions
        ADD COLUMN state text NOT NULL DEFAULT 'committed'
          CHECK (state IN ('committed', 'pending', 'rejected')),
        ALTER COLUMN number DROP NOT NULL`);
    await runner.query(`
      CREATE TABLE conflicts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        tree_id uuid NOT NULL,
        node_id uuid NOT NULL,
        strategy text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'resolved')),
        resolution text,
        resolved_by text,
        head_version_id uuid,
        incoming_version_id uuid NOT NULL,
        copy_node_id uuid,
        actor_id text NOT NULL,
        created_at timestamptz NOT NULL,
        resolved_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX conflicts_tree_status ON conflicts (tree_id, status, created_at)`,
    );
    await runner.query(`
      ALTER TABLE change_feed DROP CONSTRAINT change_feed_op_check,
        ADD CONSTRAINT change_feed_op_check CHECK (op IN ('upsert', 'delete', 'conflict'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM change_feed WHERE op = 'conflict'`);
    await runner.query(`
      ALTER TABLE change_feed DROP CONSTRAINT change_feed_op_check,
        ADD CONSTRAINT change_feed_op_check CHECK (op IN ('upsert', 'delete'))`);
    await runner.query('DROP TABLE IF EXISTS conflicts');
    await runner.query(`DELETE FROM file_versions WHERE state <> 'committed'`);
    await runner.query(
      'ALTER TABLE file_versions DROP COLUMN state, ALTER COLUMN number SET NOT NULL',
    );
  }
}
