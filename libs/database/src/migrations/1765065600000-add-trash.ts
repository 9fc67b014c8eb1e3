import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The trash: which deletion took a node there, and whether it was purged since. */
export class AddTrash1765065600000 implements MigrationInterface {
  name = 'AddTrash1765065600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE nodes
        ADD COLUMN trash_root uuid,
        ADD COLUMN purged boolean NOT NULL DEFAULT false,
        ADD COLUMN deleted_at timestamptz`);
    await runner.query(`UPDATE nodes SET trash_root = id, deleted_at = updated_at WHERE deleted`);
    await runner.query(
      `CREATE INDEX nodes_trash ON nodes (tree_id, deleted_at) WHERE deleted AND NOT purged AND trash_root = id`,
    );
    await runner.query(
      `CREATE INDEX nodes_trash_root ON nodes (trash_root) WHERE trash_root IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE nodes DROP COLUMN trash_root, DROP COLUMN purged, DROP COLUMN deleted_at',
    );
  }
}
