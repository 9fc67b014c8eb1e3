import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Node security: the explicit owner, entries and inheritance block of a node, null while it has
 * the default. Access checks read the secured nodes of a tree through a partial index, which
 * stays small because most nodes only inherit. The feed gains access rows.
 */
export class AddNodeSecurity1765411200000 implements MigrationInterface {
  name = 'AddNodeSecurity1765411200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE nodes ADD COLUMN security jsonb');
    await runner.query(
      'CREATE INDEX nodes_secured ON nodes (tree_id) WHERE security IS NOT NULL AND NOT deleted',
    );
    await runner.query('ALTER TABLE change_feed DROP CONSTRAINT change_feed_op_check');
    await runner.query(`ALTER TABLE change_feed
        ADD CONSTRAINT change_feed_op_check CHECK (op IN ('upsert', 'delete', 'conflict', 'access'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM change_feed WHERE op = 'access'`);
    await runner.query('ALTER TABLE change_feed DROP CONSTRAINT change_feed_op_check');
    await runner.query(`ALTER TABLE change_feed
        ADD CONSTRAINT change_feed_op_check CHECK (op IN ('upsert', 'delete', 'conflict'))`);
    await runner.query('DROP INDEX IF EXISTS nodes_secured');
    await runner.query('ALTER TABLE nodes DROP COLUMN security');
  }
}
