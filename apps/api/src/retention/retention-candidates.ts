import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_RETENTION_POLICY } from '@scaidrive/domain';

/** A drive that may have versions to prune or trash items to purge. */
export interface RetentionCandidate {
  readonly treeId: string;
  readonly tenantId: string;
}

/*
 * Each condition is implied by a decision the policy would make, so every drive with work is
 * found. A pruned version stopped being the head before the keepDays cutoff, so it was also
 * committed before it. The reverse does not hold, so some drives are listed with nothing to do.
 */
const CANDIDATES = `
  WITH policy AS (
    SELECT id, tenant_id,
      CASE WHEN retention IS NULL THEN $2::int ELSE (retention->>'keepVersions')::int END
        AS keep_versions,
      CASE WHEN retention IS NULL THEN $3::int ELSE (retention->>'keepDays')::int END
        AS keep_days,
      COALESCE((retention->>'trashDays')::int, $4::int) AS trash_days
    FROM trees
  )
  SELECT p.id AS "treeId", p.tenant_id AS "tenantId" FROM policy p
  WHERE EXISTS (
      SELECT 1 FROM nodes n
      WHERE n.tree_id = p.id AND n.deleted AND NOT n.purged AND n.trash_root = n.id
        AND n.deleted_at <= $1::timestamptz - make_interval(days => p.trash_days))
    OR EXISTS (
      SELECT 1 FROM nodes n JOIN file_versions v ON v.node_id = n.id
      WHERE n.tree_id = p.id AND n.purged AND v.state <> 'pending')
    OR (p.keep_days IS NOT NULL AND EXISTS (
      SELECT 1 FROM file_versions v JOIN nodes n ON n.id = v.node_id
      WHERE v.tree_id = p.id AND v.state = 'committed' AND v.id <> n.head_version_id
        AND v.created_at <= $1::timestamptz - make_interval(days => p.keep_days)))
    OR (p.keep_days IS NULL AND p.keep_versions IS NOT NULL AND EXISTS (
      SELECT 1 FROM file_versions v
      WHERE v.tree_id = p.id AND v.state = 'committed'
      GROUP BY v.node_id HAVING count(*) > p.keep_versions))
  ORDER BY p.id`;

/**
 * Finds the drives that retention may change, from the read models, so the job loads only those
 * drives' event streams instead of every drive's. The decider still makes every decision.
 */
@Injectable()
export class RetentionCandidates {
  constructor(private readonly dataSource: DataSource) {}

  async find(now: Date): Promise<RetentionCandidate[]> {
    const defaults = DEFAULT_RETENTION_POLICY;
    return this.dataSource.query(CANDIDATES, [
      now.toISOString(),
      defaults.keepVersions,
      defaults.keepDays,
      defaults.trashDays,
    ]);
  }
}
