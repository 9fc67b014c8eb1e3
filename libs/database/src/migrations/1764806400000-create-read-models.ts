import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Read models of identity, drives, versions and the change feed, plus the projection checkpoints
 * that are written in the same transaction as their rows. Positions are numeric(20) because
 * EventStoreDB positions are unsigned 64-bit numbers.
 */
export class CreateReadModels1764806400000 implements MigrationInterface {
  name = 'CreateReadModels1764806400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        commit_position numeric(20) NOT NULL,
        prepare_position numeric(20) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        issuer text NOT NULL,
        subject text NOT NULL,
        display_name text NOT NULL,
        drive_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (tenant_id, issuer, subject)
      )`);
    await runner.query(`
      CREATE TABLE trees (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        root_id uuid NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX trees_owner ON trees (owner_id)`);
    await runner.query(`
      CREATE TABLE nodes (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        tree_id uuid NOT NULL,
        parent_id uuid,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('file', 'folder')),
        path text COLLATE "C" NOT NULL,
        depth integer NOT NULL,
        head_version_id uuid,
        head_version_number integer NOT NULL DEFAULT 0,
        size bigint,
        sha256 text,
        mtime timestamptz,
        deleted boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX nodes_children ON nodes (parent_id) WHERE NOT deleted`);
    await runner.query(`CREATE INDEX nodes_tree_path ON nodes (tree_id, path) WHERE NOT deleted`);
    await runner.query(`
      CREATE TABLE file_versions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        tree_id uuid NOT NULL,
        node_id uuid NOT NULL,
        number integer NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        mtime timestamptz NOT NULL,
        base_version_id uuid,
        actor_id text NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (node_id, number)
      )`);
    await runner.query(`CREATE INDEX file_versions_tree ON file_versions (tree_id)`);
    await runner.query(`
      CREATE TABLE version_chunks (
        version_id uuid NOT NULL,
        ordinal integer NOT NULL,
        sha256 text NOT NULL,
        size integer NOT NULL,
        "offset" bigint NOT NULL,
        PRIMARY KEY (version_id, ordinal)
      )`);
    await runner.query(`CREATE INDEX version_chunks_sha256 ON version_chunks (sha256)`);
    await runner.query(`
      CREATE TABLE change_feed (
        commit_position numeric(20) NOT NULL,
        prepare_position numeric(20) NOT NULL,
        seq integer NOT NULL,
        tenant_id uuid NOT NULL,
        tree_id uuid NOT NULL,
        node_id uuid NOT NULL,
        op text NOT NULL CHECK (op IN ('upsert', 'delete')),
        kind text NOT NULL,
        path text NOT NULL,
        previous_path text,
        node jsonb,
        PRIMARY KEY (commit_position, prepare_position, seq)
      )`);
    await runner.query(
      `CREATE INDEX change_feed_tree ON change_feed (tree_id, commit_position, prepare_position, seq)`,
    );
    await runner.query(`
      CREATE TABLE chunk_uploads (
        user_id uuid NOT NULL,
        sha256 text NOT NULL,
        tenant_id uuid NOT NULL,
        size integer NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, sha256)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'chunk_uploads',
      'change_feed',
      'version_chunks',
      'file_versions',
      'nodes',
      'trees',
      'users',
      'tenants',
      'projection_checkpoints',
    ]) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
