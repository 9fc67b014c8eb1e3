import { createHash } from 'node:crypto';
import pg from 'pg';

const RETRY_MS = 2000;

function lockKey(projection: string): string {
  return createHash('sha256')
    .update(`projection:${projection}`)
    .digest()
    .readBigInt64BE(0)
    .toString();
}

/**
 * Makes one process the owner of a projection at a time, through a session-level advisory lock on
 * a connection of its own: workers on other hosts wait as standbys and take over when the owner's
 * connection ends, so a projection is never applied by two processes at once.
 */
export class ProjectionLease {
  private client: pg.Client | null = null;
  private released = false;

  constructor(
    private readonly databaseUrl: string,
    readonly projection: string,
  ) {}

  /** Takes the lease if no other process holds it; resolves false otherwise. */
  async tryAcquire(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    const result = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1::bigint) AS locked',
      [lockKey(this.projection)],
    );
    if (!result.rows[0].locked) {
      await client.end();
      return false;
    }
    client.on('error', () => undefined);
    this.client = client;
    return true;
  }

  /**
   * Resolves true once this process holds the lease, or false if release() came first; onLost runs
   * if the lock's connection ends.
   */
  async acquire(onLost: (error: Error) => void): Promise<boolean> {
    while (!this.released) {
      const client = new pg.Client({ connectionString: this.databaseUrl });
      // A connection that ends while waiting for the lock is retried below; without a listener
      // its error event would end the process.
      client.on('error', () => undefined);
      try {
        await client.connect();
        const result = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1::bigint) AS locked',
          [lockKey(this.projection)],
        );
        if (result.rows[0].locked && this.released) {
          // release() ran while the lock was being taken; keeping it would block every later owner.
          await client.end();
          return false;
        }
        if (result.rows[0].locked) {
          this.client = client;
          client.on('error', (error) => {
            if (!this.released) onLost(error);
          });
          return true;
        }
        await client.end();
      } catch {
        await client.end().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    return false;
  }

  async release(): Promise<void> {
    this.released = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
