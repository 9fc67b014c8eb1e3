import { describeFailure } from './retry-policy.js';

/**
 * Tracks whether the server is reachable for `sync --watch` and reports each change of state
 * once, however many retries fail in between: going offline, a different cause while offline,
 * and coming back.
 */
export class ConnectionMonitor {
  private failingReason: string | null = null;

  constructor(private readonly report: (line: string) => void) {}

  get failing(): boolean {
    return this.failingReason !== null;
  }

  /** Records a failed attempt that is retried after `retryInMs`. */
  failed(error: unknown, retryInMs: number): void {
    const { offline, reason } = describeFailure(error);
    if (reason === this.failingReason) return;
    this.failingReason = reason;
    const seconds = Math.max(1, Math.round(retryInMs / 1000));
    const state = offline ? 'offline' : 'sync failed';
    this.report(`${state} (${reason}), retrying in ${seconds} s`);
  }

  /** Records a successful request; reports the recovery when attempts were failing. */
  succeeded(): void {
    if (this.failingReason === null) return;
    this.failingReason = null;
    this.report('connected again, syncing');
  }
}
