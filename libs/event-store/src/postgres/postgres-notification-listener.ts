import { Logger } from '@nestjs/common';
import pg from 'pg';

type Wake = () => void;

/**
 * Holds one pooled connection in LISTEN mode while any subscription wants wake-ups, and
 * reconnects when it drops. Notifications only shorten the wait: subscriptions still poll, so a
 * notification lost while the connection is down delays delivery by at most one poll interval.
 */
export class PostgresNotificationListener {
  private readonly logger = new Logger(PostgresNotificationListener.name);
  private readonly listeners = new Set<Wake>();
  private client: pg.PoolClient | null = null;
  private connecting = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly onNotification = (): void => this.wakeAll();
  private readonly onError = (error: Error): void => this.drop(error);
  private readonly onEnd = (): void => this.drop(new Error('connection ended'));

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly retryDelayMs: number,
  ) {}

  /** Registers a wake-up callback; the returned function removes it. */
  listen(wake: Wake): () => void {
    this.listeners.add(wake);
    if (this.listeners.size === 1) void this.connect();
    return () => {
      this.listeners.delete(wake);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  /** Releases the connection and stops reconnecting. */
  close(): void {
    this.listeners.clear();
    this.disconnect();
  }

  private wakeAll(): void {
    for (const wake of this.listeners) wake();
  }

  private async connect(): Promise<void> {
    if (this.client || this.connecting || this.listeners.size === 0) return;
    this.connecting = true;
    let client: pg.PoolClient | null = null;
    try {
      client = await this.pool.connect();
      this.attach(client);
      await client.query(`LISTEN ${this.channel}`);
      this.client = client;
      if (this.listeners.size === 0) {
        this.disconnect();
        return;
      }
      this.logger.log({ channel: this.channel }, 'Listening for appended events');
      // Anything committed while no connection listened produced no wake-up.
      this.wakeAll();
    } catch (error) {
      this.logger.warn(
        { channel: this.channel, error: String(error) },
        'Connecting the notification listener failed, retrying',
      );
      if (client) this.detach(client);
      client?.release(true);
      this.scheduleReconnect();
    } finally {
      this.connecting = false;
    }
  }

  private attach(client: pg.PoolClient): void {
    client.on('notification', this.onNotification);
    client.on('error', this.onError);
    client.on('end', this.onEnd);
  }

  private detach(client: pg.PoolClient): void {
    client.removeListener('notification', this.onNotification);
    client.removeListener('error', this.onError);
    client.removeListener('end', this.onEnd);
  }

  private drop(error: Error): void {
    const client = this.client;
    if (!client) return;
    this.logger.warn(
      { channel: this.channel, error: String(error) },
      'Notification listener connection lost, reconnecting',
    );
    this.client = null;
    this.detach(client);
    client.release(true);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.listeners.size === 0) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.retryDelayMs);
    this.reconnectTimer.unref();
  }

  private disconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.removeListener('notification', this.onNotification);
    client.removeListener('end', this.onEnd);
    // UNLISTEN before the connection goes back to the pool, so no later borrower receives these.
    client.query(`UNLISTEN ${this.channel}`).then(
      () => {
        client.removeListener('error', this.onError);
        client.release();
      },
      () => {
        client.removeListener('error', this.onError);
        client.release(true);
      },
    );
  }
}
