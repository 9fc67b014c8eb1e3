import { ProgressBar } from '../progress/progress-bar.js';

/** Writes warnings and progress to stderr without mixing them up. */
export class Reporter {
  readonly progress: ProgressBar;
  warnings = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.progress = new ProgressBar(stream);
  }

  warn(message: string): void {
    this.warnings += 1;
    this.progress.clear();
    this.stream.write(`warning: ${message}\n`);
  }
}
