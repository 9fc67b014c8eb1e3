import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { addressScope } from './address-scope.js';
import { addFailure, type AttemptPolicy, type AttemptState } from './attempt-state.js';

interface AttemptRow {
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
  lockouts: number;
}

// Share of recordFailure calls that also delete stale rows, so the table does not keep one row
// for every address that ever mistyped a password.
const PURGE_PROBABILITY = 0.01;

function linkScope(linkId: string): string {
  return `link:${linkId}`;
}

/**
 * Counts failed unlocks per client address, on any link, and per link, from any address, and
 * locks a scope out when its count reaches the limit within the failure window.
 */
@Injectable()
export class AttemptThrottle {
  private readonly logger = new Logger(AttemptThrottle.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Returns the seconds until the later lock-out of this address and this link ends, or null
   * when neither is locked out.
   */
  async lockedFor(linkId: string, address: string, now = new Date()): Promise<number | null> {
    const rows: { locked_until: Date }[] = await this.dataSource.query(
      `SELECT locked_until FROM link_attempts
        WHERE scope = ANY($1) AND locked_until > $2`,
      [[addressScope(address), linkScope(linkId)], now],
    );
    if (rows.length === 0) return null;
    const until = Math.max(...rows.map((row) => new Date(row.locked_until).getTime()));
    return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  }

  /** Adds one failed unlock to the address and to the link, locking either at its limit. */
  async recordFailure(linkId: string, address: string, now = new Date()): Promise<void> {
    const { failuresPerAddress, failuresPerLink } = this.config.links;
    await this.addScopeFailure(addressScope(address), failuresPerAddress, now);
    await this.addScopeFailure(linkScope(linkId), failuresPerLink, now);
    if (Math.random() < PURGE_PROBABILITY) await this.deleteStale(now);
  }

  /**
   * Deletes the rows of scopes whose window and last lock-out both ended a whole window ago, and
   * returns how many. addFailure would treat such a row like a missing one.
   */
  async deleteStale(now = new Date()): Promise<number> {
    const windowSeconds = this.config.links.failureWindowSeconds;
    const cutoff = new Date(now.getTime() - windowSeconds * 1000);
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM link_attempts
        WHERE window_started_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)`,
      [cutoff],
    );
    return deleted;
  }

  private async addScopeFailure(scope: string, limit: number, now: Date): Promise<void> {
    const policy: AttemptPolicy = {
      limit,
      windowSeconds: this.config.links.failureWindowSeconds,
      lockoutSeconds: this.config.links.lockoutSeconds,
    };
    const next = await this.dataSource.transaction(async (manager) => {
      const current = await lockScope(manager, scope, now);
      const state = addFailure(current, policy, now);
      await manager.query(
        `UPDATE link_attempts
            SET failures = $2, window_started_at = $3, locked_until = $4, lockouts = $5
          WHERE scope = $1`,
        [scope, state.failures, state.windowStartedAt, state.lockedUntil, state.lockouts],
      );
      return { state, lockedNow: state.lockouts > (current?.lockouts ?? 0) };
    });
    if (next.lockedNow) {
      this.logger.warn({
        msg: 'locked out link unlocks',
        scope,
        lockedUntil: next.state.lockedUntil?.toISOString(),
        lockouts: next.state.lockouts,
      });
    }
  }
}

/**
 * Creates the scope's row if it is missing and locks it for the rest of the transaction, so
 * parallel failures on one scope count one after another. Returns null for a new row.
 */
async function lockScope(
  manager: EntityManager,
  scope: string,
  now: Date,
): Promise<AttemptState | null> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO link_attempts (scope, failures, window_started_at, lockouts)
     VALUES ($1, 0, $2, 0)
     ON CONFLICT (scope) DO NOTHING
     RETURNING scope`,
    [scope, now],
  );
  const rows: AttemptRow[] = await manager.query(
    'SELECT failures, window_started_at, locked_until, lockouts FROM link_attempts WHERE scope = $1 FOR UPDATE',
    [scope],
  );
  if (inserted.length > 0) return null;
  const row = rows[0];
  return {
    failures: row.failures,
    windowStartedAt: new Date(row.window_started_at),
    lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
    lockouts: row.lockouts,
  };
}
