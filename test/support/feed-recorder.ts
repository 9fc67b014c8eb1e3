import { setTimeout as sleep } from 'node:timers/promises';

interface FeedPage {
  readonly changes: readonly FeedChange[];
  readonly cursor: string;
  readonly hasMore: boolean;
  readonly reset?: boolean;
}

interface FeedChange {
  readonly op: string;
  readonly node?: { readonly path: string; readonly version: { sha256: string } | null };
}

/** Seconds each long-poll waits; short, so that a stop or a server restart is noticed soon. */
const POLL_WAIT_SECONDS = 5;
/** Pause in ms after a failed poll, such as while the server restarts. */
const RETRY_PAUSE_MS = 250;

/**
 * Follows one user's change feed with long-polls, as a third client would, and records the
 * SHA-256 of every file version and every path it shows. Each commit appears in the feed, so
 * `contents` lists every content that reached the server, also of files deleted since.
 */
export class FeedRecorder {
  readonly contents = new Set<string>();
  readonly paths = new Set<string>();
  private cursor: string | null = null;
  private readonly controller = new AbortController();
  private loop: Promise<void> | null = null;

  /** `serverUrl` is read before each request, so that the recorder follows a restarted server. */
  constructor(
    private readonly serverUrl: () => string,
    private readonly token: string,
  ) {}

  /** Starts following the feed until stop() or `deadline` (a Date.now() value). */
  start(deadline: number): void {
    this.loop ??= this.follow(deadline);
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  /** Reads every change up to now without waiting, from the cursor the recorder reached. */
  async catchUp(maxPages = 10_000): Promise<void> {
    let cursor = this.cursor;
    for (let page = 0; page < maxPages; page++) {
      const result = await this.read(cursor, 0, AbortSignal.timeout(30_000));
      cursor = result.cursor;
      if (!result.hasMore) return;
    }
    throw new Error(`the change feed had more than ${maxPages} pages`);
  }

  private async follow(deadline: number): Promise<void> {
    const { signal } = this.controller;
    while (!signal.aborted && Date.now() < deadline) {
      try {
        const result = await this.read(this.cursor, POLL_WAIT_SECONDS, signal);
        this.cursor = result.cursor;
      } catch {
        if (signal.aborted) return;
        await sleep(RETRY_PAUSE_MS, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async read(cursor: string | null, wait: number, signal: AbortSignal): Promise<FeedPage> {
    const query = new URLSearchParams({ limit: '1000', wait: String(wait) });
    if (cursor !== null) query.set('cursor', cursor);
    const response = await fetch(`${this.serverUrl()}/api/v1/sync/changes?${query}`, {
      headers: { authorization: `Bearer ${this.token}` },
      signal,
    });
    if (!response.ok) throw new Error(`GET /sync/changes failed with ${response.status}`);
    const page = (await response.json()) as FeedPage;
    if (page.reset)
      throw new Error('the change feed returned reset, which these tests do not expect');
    for (const change of page.changes) {
      if (change.op !== 'upsert' || !change.node) continue;
      this.paths.add(change.node.path);
      if (change.node.version) this.contents.add(change.node.version.sha256);
    }
    return page;
  }
}
