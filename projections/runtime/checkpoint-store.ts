import { EntityManager } from 'typeorm';
import { type LogPosition } from '@scaidrive/event-store';

/** Reads and writes projection checkpoints in the projection_checkpoints table. */
export class CheckpointStore {
  static async read(db: EntityManager, name: string): Promise<LogPosition | null> {
    const rows: { commit_position: string; prepare_position: string }[] = await db.query(
      'SELECT commit_position, prepare_position FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    if (rows.length === 0) return null;
    return { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
  }

  static async readAll(db: EntityManager): Promise<Map<string, LogPosition>> {
    const rows: { name: string; commit_position: string; prepare_position: string }[] =
      await db.query('SELECT name, commit_position, prepare_position FROM projection_checkpoints');
    return new Map(
      rows.map((row) => [
        row.name,
        { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
      ]),
    );
  }

  static async write(tx: EntityManager, name: string, position: LogPosition): Promise<void> {
    await tx.query(
      `INSERT INTO projection_checkpoints (name, commit_position, prepare_position, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (name) DO UPDATE SET commit_position = $2, prepare_position = $3,
         updated_at = now()`,
      [name, position.commit.toString(), position.prepare.toString()],
    );
  }

  static async remove(tx: EntityManager, name: string): Promise<void> {
    await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [name]);
  }
}
