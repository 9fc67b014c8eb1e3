import { ProgressBar } from '../progress/progress-bar.js';

/** Writes warnings, conflicts, notices and progress to stderr without mixing them up. */
export class Reporter {
  readonly progress: ProgressBar;
  warnings = 0;
  /** Server conflict ids already reported, so that the change feed does not repeat them. */
  private readonly reportedConflicts = new Set<string>();

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.progress = new ProgressBar(stream);
  }

  warn(message: string): void {
    this.warnings += 1;
    this.write(`warning: ${message}`);
  }

  /**
   * Reports a conflict: the path, what happened and where the other version is. Returns false,
   * and writes nothing, when the server conflict `conflictId` was already reported.
   */
  conflict(message: string, conflictId?: string): boolean {
    if (conflictId !== undefined) {
      if (this.reportedConflicts.has(conflictId)) return false;
      this.reportedConflicts.add(conflictId);
    }
    this.write(`conflict: ${message}`);
    return true;
  }

  /** Writes a status line, such as a change of connection state in `sync --watch`. */
  notice(message: string): void {
    this.write(message);
  }

  private write(line: string): void {
    this.progress.clear();
    this.stream.write(`${line}\n`);
  }
}
