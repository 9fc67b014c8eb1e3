import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A usage counter that differs from the bytes of the versions it counts. */
export interface UsageDrift {
  readonly scope: string;
  readonly countedBytes: number;
  readonly storedBytes: number;
}

/**
 * Reconciles a tenant's usage counters with the versions the read models keep: each counter must
 * equal the sum of its versions, and the counted versions must be exactly the file versions in
 * the file-versions read model (committed, pending and rejected).
 */
@Injectable()
export class UsageCheck {
  constructor(private readonly dataSource: DataSource) {}

  async run(tenantId: string) {
    const drift: UsageDrift[] = await this.dataSource.query(
      `WITH stored AS (
         SELECT 'tenant:' || ut.tenant_id AS scope, sum(sv.size) AS bytes
         FROM stored_versions sv JOIN usage_trees ut ON ut.tree_id = sv.tree_id
         WHERE ut.tenant_id = $1 GROUP BY ut.tenant_id
         UNION ALL
         SELECT 'user:' || ut.owner_id, sum(sv.size)
         FROM stored_versions sv JOIN usage_trees ut ON ut.tree_id = sv.tree_id
         WHERE ut.tenant_id = $1 GROUP BY ut.owner_id
       ),
       counted AS (
         SELECT scope, bytes FROM storage_usage
         WHERE scope = 'tenant:' || $1
            OR scope IN (SELECT 'user:' || id FROM users WHERE tenant_id = $1)
       )
       SELECT coalesce(s.scope, c.scope) AS scope,
              coalesce(c.bytes, 0)::float8 AS "countedBytes",
              coalesce(s.bytes, 0)::float8 AS "storedBytes"
       FROM stored s FULL JOIN counted c ON c.scope = s.scope
       WHERE coalesce(s.bytes, 0) <> coalesce(c.bytes, 0)`,
      [tenantId],
    );
    const versions: { uncounted: string; unknown: string }[] = await this.dataSource.query(
      `WITH tenant_trees AS (SELECT tree_id FROM usage_trees WHERE tenant_id = $1),
       kept AS (SELECT id FROM file_versions WHERE tree_id IN (SELECT tree_id FROM tenant_trees)),
       counted AS (
         SELECT version_id AS id FROM stored_versions
         WHERE tree_id IN (SELECT tree_id FROM tenant_trees)
       )
       SELECT (SELECT count(*) FROM kept WHERE id NOT IN (SELECT id FROM counted)) AS uncounted,
              (SELECT count(*) FROM counted WHERE id NOT IN (SELECT id FROM kept)) AS unknown`,
      [tenantId],
    );
    const uncountedVersions = Number(versions[0]?.uncounted ?? 0);
    const unknownVersions = Number(versions[0]?.unknown ?? 0);
    return {
      consistent: drift.length === 0 && uncountedVersions === 0 && unknownVersions === 0,
      drift,
      uncountedVersions,
      unknownVersions,
    };
  }
}
