import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { FEED_CHANNEL } from '@scaidrive/projections';
import { ServerStoppingException } from '../common/server-stopping.exception.js';
import { DATABASE_URL } from '../infrastructure/infrastructure.providers.js';

type Wake = () => void;

const RECONNECT_MS = 1000;

/**
 * Wakes long-polls when the change feed of one of their drives grows. One LISTEN connection per
 * process serves every waiting request; the drive-tree projection notifies on commit, so this
 * works whether the projections run in this process or in a worker elsewhere.
 */
@Injectable()
export class FeedNotifier implements OnApplicationShutdown {
  private readonly logger = new Logger(FeedNotifier.name);
  private readonly waiters = new Map<string, Set<Wake>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(@Inject(DATABASE_URL) private readonly databaseUrl: string) {}

  /**
   * Calls wake once when a change arrives for one of the trees; returns a function to cancel.
   * Throws ServerStoppingException once the server stops, which ends a woken long-poll with 503.
   */
  async subscribe(treeIds: readonly string[], wake: Wake): Promise<() => void> {
    if (this.closed) throw new ServerStoppingException();
    await this.ensureConnected();
    let woken = false;
    const once = () => {
      if (woken) return;
      woken = true;
      cancel();
      wake();
    };
    const cancel = () => {
      for (const treeId of treeIds) {
        const set = this.waiters.get(treeId);
        set?.delete(once);
        if (set?.size === 0) this.waiters.delete(treeId);
      }
    };
    for (const treeId of treeIds) {
      let set = this.waiters.get(treeId);
      if (!set) this.waiters.set(treeId, (set = new Set()));
      set.add(once);
    }
    return cancel;
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: 'scaidrive-feed',
    });
    client.on('notification', (message) => this.wake(message.payload ?? ''));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${FEED_CHANNEL}`);
    this.client = client;
  }

  private wake(treeId: string): void {
    for (const wake of [...(this.waiters.get(treeId) ?? [])]) wake();
  }

  /** Wakes every waiter, since notifications may have been missed, then reconnects. */
  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.closed) return;
    this.logger.warn({
      msg: 'feed notification connection lost; reconnecting',
      err: error.message,
    });
    for (const set of [...this.waiters.values()]) for (const wake of [...set]) wake();
    setTimeout(() => {
      if (this.waiters.size > 0) void this.ensureConnected().catch(() => undefined);
    }, RECONNECT_MS);
  }

  /**
   * Wakes every waiting long-poll and rejects new subscriptions, so that the HTTP server can
   * drain before the database stops. It runs before the server closes its connections.
   */
  stopWaiting(): void {
    this.closed = true;
    for (const set of [...this.waiters.values()]) for (const wake of [...set]) wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopWaiting();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
