import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient } from '../api/api-client.js';
import type { ChangeDto } from '../api/api-types.js';
import type { Backoff } from './backoff.js';

export interface RemoteWatcherOptions {
  /** Creates the client for the long-poll, whose requests `signal` aborts when the watcher stops. */
  readonly createApi: (signal: AbortSignal) => Pick<ApiClient, 'waitForChanges'>;
  /** Seconds each long-poll waits for a change; the server accepts 0 to 55. */
  readonly waitSeconds: number;
  /** Returns the cursor of the last pass, where watching starts and restarts after a reset. */
  readonly passCursor: () => string | null;
  /** Returns the tree of the last pass, whose feed is watched; null for the personal drive. */
  readonly passTree: () => string | null;
  /** Receives each non-empty page of changes, or null when the feed returned `reset`. */
  readonly onChanges: (changes: readonly ChangeDto[] | null) => void;
  /** Called when a long-poll fails; it is retried after `retryInMs`. */
  readonly onFailure: (error: unknown, retryInMs: number) => void;
  /** Called when a long-poll succeeds after failed ones. */
  readonly onRecovery: () => void;
  readonly backoff: Backoff;
}

/** Time in ms to wait after a `reset` response, so that the pass it requests stores a new cursor. */
const RESET_PAUSE_MS = 1000;

/**
 * Long-polls the change feed and hands on what changed remotely. It keeps a cursor of its own,
 * starting from the last pass's, so the receiver can skip changes that this client made itself.
 */
export class RemoteWatcher {
  private readonly controller = new AbortController();
  private readonly api: Pick<ApiClient, 'waitForChanges'>;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: RemoteWatcherOptions) {
    this.api = options.createApi(this.controller.signal);
  }

  get started(): boolean {
    return this.loop !== null;
  }

  start(): void {
    this.loop ??= this.watch();
  }

  /** Ends the long-poll in flight and waits for the loop to finish. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  private async watch(): Promise<void> {
    const { signal } = this.controller;
    let cursor: string | null = null;
    while (!signal.aborted) {
      cursor ??= this.options.passCursor();
      if (cursor === null) {
        await this.pause(RESET_PAUSE_MS);
        continue;
      }
      try {
        const page = await this.api.waitForChanges(
          cursor,
          this.options.waitSeconds,
          this.options.passTree(),
        );
        if (this.options.backoff.attempts > 0) {
          this.options.backoff.reset();
          this.options.onRecovery();
        }
        if (page.reset) {
          this.options.onChanges(null);
          cursor = null;
          await this.pause(RESET_PAUSE_MS);
          continue;
        }
        if (page.changes.length > 0) this.options.onChanges(page.changes);
        cursor = page.cursor;
      } catch (error) {
        if (signal.aborted) return;
        const delay = this.options.backoff.next();
        this.options.onFailure(error, delay);
        await this.pause(delay);
      }
    }
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.controller.signal }).catch(() => undefined);
  }
}
