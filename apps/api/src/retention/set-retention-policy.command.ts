import { Command } from '@nestjs/cqrs';
import { type RetentionPolicy } from '@scaidrive/domain';
import { type LogPosition } from '@scaidrive/event-store';
import { type Principal } from '../auth/principal.js';

/** Replaces a drive's retention policy. The result carries the log position it wrote, if any. */
export class SetRetentionPolicyCommand extends Command<{ position: LogPosition | null }> {
  constructor(
    readonly principal: Principal,
    readonly driveId: string,
    readonly policy: RetentionPolicy,
  ) {
    super();
  }
}
