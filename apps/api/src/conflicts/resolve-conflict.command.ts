import { Command } from '@nestjs/cqrs';
import { type ConflictDecision } from '@scaidrive/domain';
import { type LogPosition } from '@scaidrive/event-store';
import { type Principal } from '../auth/principal.js';

export class ResolveConflictCommand extends Command<{ position: LogPosition | null }> {
  constructor(
    readonly principal: Principal,
    readonly conflictId: string,
    readonly decision: ConflictDecision,
  ) {
    super();
  }
}
