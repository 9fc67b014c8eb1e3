import { Injectable, Logger } from '@nestjs/common';
import { type Actor } from '@scaidrive/domain';
import { comparePositions, type LogPosition } from '@scaidrive/event-store';
import { TreeCommandExecutor } from '../files/tree-command-executor.js';
import { RetentionCandidates } from './retention-candidates.js';

/** The actor that retention's events record in the audit log. */
export const RETENTION_ACTOR: Actor = { type: 'system', id: 'retention' };

/**
 * Maximum decisions per drive in one run. Each is bounded (500 events, 5,000 pruned versions), so one run
 * removes at most 500,000 versions of a drive and the next run continues.
 */
const MAX_ROUNDS_PER_DRIVE = 100;

export interface RetentionSweepReport {
  readonly drives: number;
  readonly events: number;
  readonly failedDrives: number;
  /** Log position of the last event the sweep appended; null when it appended none. */
  readonly position: LogPosition | null;
}

/**
 * Applies each drive's retention policy through the decider, repeating ApplyRetention on every
 * candidate drive until a decision returns no events.
 */
@Injectable()
export class RetentionSweep {
  private readonly logger = new Logger(RetentionSweep.name);

  constructor(
    private readonly candidates: RetentionCandidates,
    private readonly executor: TreeCommandExecutor,
  ) {}

  /** Applies retention as of now to every candidate drive, until the signal aborts. */
  async sweep(now: Date, signal?: AbortSignal): Promise<RetentionSweepReport> {
    const drives = await this.candidates.find(now);
    let events = 0;
    let failedDrives = 0;
    let position: LogPosition | null = null;
    for (const drive of drives) {
      if (signal?.aborted) break;
      try {
        const applied = await this.applyToDrive(drive.treeId, drive.tenantId, now);
        events += applied.events;
        if (applied.position && (!position || comparePositions(applied.position, position) > 0)) {
          position = applied.position;
        }
      } catch (error) {
        failedDrives++;
        this.logger.error({
          msg: 'retention failed for a drive; the next run retries it',
          tree: drive.treeId,
          tenant: drive.tenantId,
          err: (error as Error).message,
        });
      }
    }
    return { drives: drives.length, events, failedDrives, position };
  }

  private async applyToDrive(treeId: string, tenantId: string, now: Date) {
    const issuer = { tenantId, actor: RETENTION_ACTOR, actorName: RETENTION_ACTOR.id };
    let events = 0;
    let position: LogPosition | null = null;
    for (let round = 0; round < MAX_ROUNDS_PER_DRIVE; round++) {
      const result = await this.executor.executeAs(issuer, treeId, { type: 'ApplyRetention', now });
      if (result.events.length === 0) break;
      events += result.events.length;
      position = result.position;
    }
    return { events, position };
  }
}
