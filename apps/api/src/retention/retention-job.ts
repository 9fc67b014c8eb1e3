import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { formatPosition } from '@scaidrive/event-store';
import { ProjectionLease } from '@scaidrive/projections';
import { ChunkCollector, type ChunkCollectionReport } from '../chunks/chunk-collector.js';
import { runWithRequestId } from '../common/request-context.js';
import { DATABASE_URL } from '../infrastructure/infrastructure.providers.js';
import { type RetentionSweepReport, RetentionSweep } from './retention-sweep.js';

/** Name of the advisory-lock lease that lets one process at a time run the job. */
const LEASE_NAME = 'retention-job';

export interface RetentionRunOptions {
  /** Replaces the clock for retention and the grace period, so tests need not wait. */
  readonly now?: Date;
  /** Whether the run also collects chunks. Defaults to true. */
  readonly collectChunks?: boolean;
}

export interface RetentionRunReport {
  /** True when another process held the job's lease, so this run did nothing. */
  readonly skipped: boolean;
  readonly retention: RetentionSweepReport | null;
  readonly chunks: ChunkCollectionReport | null;
}

/**
 * The background job that applies retention policies and collects unreferenced chunks. It runs
 * in the process that runs the projections, every RETENTION_INTERVAL_MS, and collects chunks at
 * most every CHUNK_GC_INTERVAL_MS. Of several such processes, the one that holds the job's lease
 * runs it. Runs within a process never overlap, whether scheduled or called through runOnce.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;
  private lastCollectionAt = 0;
  /** Aborts the run in progress at its next drive or chunk batch when the process stops. */
  private abort = new AbortController();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly retention: RetentionSweep,
    private readonly collector: ChunkCollector,
  ) {}

  /** Starts the schedule. With RETENTION_INTERVAL_MS=0 only runOnce runs the job. */
  start(): void {
    this.stopped = false;
    this.abort = new AbortController();
    const { intervalMs, chunkGcIntervalMs, chunkGraceMs } = this.config.retention;
    this.logger.log({ msg: 'retention job started', intervalMs, chunkGcIntervalMs, chunkGraceMs });
    this.schedule();
  }

  /** Stops the schedule and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.running;
    this.logger.log({ msg: 'retention job stopped' });
  }

  /** Runs the job once, after any run in progress. */
  runOnce(options: RetentionRunOptions = {}): Promise<RetentionRunReport> {
    const run = this.running.then(() => this.runUnderLease(options));
    this.running = run.catch(() => undefined);
    return run;
  }

  private schedule(): void {
    const { intervalMs } = this.config.retention;
    if (this.stopped || intervalMs === 0) return;
    this.timer = setTimeout(() => void this.runScheduled(), intervalMs);
    // The schedule alone never keeps the process alive.
    this.timer.unref();
  }

  private async runScheduled(): Promise<void> {
    this.timer = null;
    const sinceCollection = Date.now() - this.lastCollectionAt;
    const collectChunks = sinceCollection >= this.config.retention.chunkGcIntervalMs;
    try {
      await this.runOnce({ collectChunks });
    } catch (error) {
      this.logger.error({
        msg: 'retention job run failed; the next run retries',
        err: error instanceof Error ? { message: error.message, stack: error.stack } : error,
      });
    }
    this.schedule();
  }

  private async runUnderLease(options: RetentionRunOptions): Promise<RetentionRunReport> {
    // The advisory-lock lease that gives a projection one owner serves the job the same way.
    const lease = new ProjectionLease(this.databaseUrl, LEASE_NAME);
    if (!(await lease.tryAcquire())) {
      this.logger.debug({ msg: 'retention job skipped: another process runs it' });
      return { skipped: true, retention: null, chunks: null };
    }
    try {
      // One correlation id ties together every event of the run in the audit log.
      return await runWithRequestId(randomUUID(), () => this.run(options));
    } finally {
      await lease.release();
    }
  }

  private async run(options: RetentionRunOptions): Promise<RetentionRunReport> {
    const signal = this.abort.signal;
    const retention = await this.retention.sweep(options.now ?? new Date(), signal);
    let chunks: ChunkCollectionReport | null = null;
    if (options.collectChunks !== false && !signal.aborted) {
      chunks = await this.collector.collect({ now: options.now, signal });
      this.lastCollectionAt = Date.now();
    }
    const { position, ...counts } = retention;
    this.logger.log({
      msg: 'retention job run finished',
      ...counts,
      position: position ? formatPosition(position) : null,
      chunks,
    });
    return { skipped: false, retention, chunks };
  }
}
