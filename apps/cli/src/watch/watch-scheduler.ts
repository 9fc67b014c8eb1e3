import type { Backoff } from './backoff.js';

/** Cause of a pass: the start, a local or remote change, the rescan timer or a retry. */
export type PassTrigger = 'start' | 'local' | 'remote' | 'rescan' | 'retry';

export interface PassResult {
  /** Whether the pass left items for later (they changed meanwhile or failed). */
  readonly incomplete: boolean;
}

export interface WatchSchedulerOptions {
  /** Quiet time in ms after the last change before a pass starts. */
  readonly debounceMs: number;
  /** Maximum time in ms that a stream of changes may delay a pass. */
  readonly maxDelayMs: number;
  /** Time in ms between passes that run without any change, to catch lost events. */
  readonly rescanIntervalMs: number;
  /** Delays after passes that threw. */
  readonly failureBackoff: Backoff;
  /** Delays after incomplete passes. */
  readonly retryBackoff: Backoff;
  readonly runPass: (triggers: ReadonlySet<PassTrigger>) => Promise<PassResult>;
  /** Receives the error of a failed pass; returns true to retry after `retryInMs`, else stops. */
  readonly onFailure: (error: unknown, retryInMs: number) => boolean;
  /** Called after the first successful pass that follows failed ones. */
  readonly onRecovery: () => void;
}

/**
 * Decides when `sync --watch` runs a pass. Changes are debounced, so a burst of events leads to
 * one pass. Only one pass runs at a time: changes during a pass lead to one follow-up pass. A
 * failed pass is retried with capped exponential backoff, and changes meanwhile wait for the
 * retry. An incomplete pass is retried after a shorter backoff. A rescan timer runs passes
 * without any event.
 */
export class WatchScheduler {
  private pending = new Set<PassTrigger>();
  private running: Promise<void> | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  private burstStartedAt: number | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private failing = false;
  private stopped = false;
  private passes = 0;
  private resolveStopped!: () => void;
  /** Settles when the scheduler stops, by stop() or by a failure that is not retried. */
  readonly whenStopped = new Promise<void>((resolve) => (this.resolveStopped = resolve));

  constructor(private readonly options: WatchSchedulerOptions) {}

  /** Number of passes started so far. */
  get passCount(): number {
    return this.passes;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  /** Runs the first pass at once and starts the rescan timer. */
  start(): void {
    if (this.stopped) return;
    this.pending.add('start');
    this.startPass();
    this.rescanTimer = setInterval(() => {
      if (this.failing) return;
      this.pending.add('rescan');
      this.startPass();
    }, this.options.rescanIntervalMs);
  }

  /** Requests a pass after the debounce time; while passes fail, the next retry covers it. */
  notify(trigger: 'local' | 'remote'): void {
    if (this.stopped) return;
    this.pending.add(trigger);
    if (this.failing) return;
    const now = Date.now();
    this.burstStartedAt ??= now;
    const due = Math.min(
      now + this.options.debounceMs,
      this.burstStartedAt + this.options.maxDelayMs,
    );
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      this.burstStartedAt = null;
      this.startPass();
    }, due - now);
  }

  /** Retries at once when passes were failing, because the server responds again. */
  connectionRestored(): void {
    if (this.stopped || !this.failing) return;
    this.pending.add('retry');
    this.startPass();
  }

  /** Stops scheduling and waits for the running pass. */
  async stop(): Promise<void> {
    this.halt();
    await this.running;
  }

  private halt(): void {
    this.stopped = true;
    for (const timer of [this.debounceTimer, this.retryTimer]) if (timer) clearTimeout(timer);
    if (this.rescanTimer) clearInterval(this.rescanTimer);
    this.debounceTimer = this.retryTimer = this.rescanTimer = null;
    this.resolveStopped();
  }

  /** Starts a pass for the pending triggers unless one runs; that one's end starts the next. */
  private startPass(): void {
    if (this.stopped || this.running || this.pending.size === 0) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const triggers = this.pending;
    this.pending = new Set();
    this.passes += 1;
    this.running = this.execute(triggers).finally(() => {
      this.running = null;
      if (!this.failing && this.debounceTimer === null) this.startPass();
    });
  }

  private async execute(triggers: ReadonlySet<PassTrigger>): Promise<void> {
    let result: PassResult;
    try {
      result = await this.options.runPass(triggers);
    } catch (error) {
      const delay = this.options.failureBackoff.next();
      if (this.stopped || !this.options.onFailure(error, delay)) {
        this.halt();
        return;
      }
      this.failing = true;
      this.retryAfter(delay);
      return;
    }
    this.options.failureBackoff.reset();
    if (this.failing) {
      this.failing = false;
      this.options.onRecovery();
    }
    if (result.incomplete) this.retryAfter(this.options.retryBackoff.next());
    else this.options.retryBackoff.reset();
  }

  private retryAfter(delayMs: number): void {
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pending.add('retry');
      this.startPass();
    }, delayMs);
  }
}
