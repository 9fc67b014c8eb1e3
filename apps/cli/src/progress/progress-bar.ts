import { formatBytes } from './format-bytes.js';

const BAR_WIDTH = 24;
const REDRAW_INTERVAL_MS = 100;

/** One-line progress of bytes and files on a terminal; does nothing when `stream` is not a TTY. */
export class ProgressBar {
  private totalBytes = 0;
  private doneBytes = 0;
  private totalFiles = 0;
  private doneFiles = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly enabled = stream.isTTY === true,
  ) {}

  addWork(bytes: number, files: number): void {
    this.totalBytes += bytes;
    this.totalFiles += files;
    this.draw(false);
  }

  advance(bytes: number): void {
    this.doneBytes += bytes;
    this.draw(false);
  }

  finishFile(): void {
    this.doneFiles += 1;
    this.draw(false);
  }

  /** Erases the bar, so that a warning or the summary starts on a clean line. */
  clear(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  /** Draws the bar once more, moves past it and starts the next bar from zero. */
  end(): void {
    if (this.enabled && this.totalFiles > 0) {
      this.draw(true);
      this.stream.write('\n');
      this.drawn = false;
    }
    this.totalBytes = this.doneBytes = this.totalFiles = this.doneFiles = 0;
  }

  private draw(force: boolean): void {
    if (!this.enabled || this.totalFiles === 0) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = now;
    const fraction = this.totalBytes === 0 ? 1 : Math.min(1, this.doneBytes / this.totalBytes);
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    const bytes = `${formatBytes(this.doneBytes)} / ${formatBytes(this.totalBytes)}`;
    const files = `${this.doneFiles}/${this.totalFiles} files`;
    this.stream.write(`\r\x1b[2K[${bar}] ${percent}  ${bytes}  ${files}`);
    this.drawn = true;
  }
}
