import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Name of the share every tree is built in. */
const SHARE = 'oracle';
const COMMAND_TIMEOUT_MS = 30_000;

/** Output of a finished command. */
export interface CommandOutput {
  readonly status: number | null;
  readonly output: string;
}

/** Local accounts the oracle creates, with the Linux names of the test users and groups. */
export interface Accounts {
  readonly admin: string;
  /** ScaiDrive user id to Linux user name. */
  readonly users: Readonly<Record<string, string>>;
  /** ScaiDrive group id to Linux group name and the ScaiDrive ids of its members. */
  readonly groups: Readonly<Record<string, { name: string; members: readonly string[] }>>;
}

/** Runs a setup command and throws with its output when it fails. */
function runChecked(command: string, args: readonly string[], input?: string): string {
  const result = spawnSync(command, args, {
    input,
    encoding: 'utf8',
    timeout: COMMAND_TIMEOUT_MS,
  });
  if (result.error) throw new Error(`${command} failed to start: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim();
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${output}`);
  }
  return result.stdout;
}

function accountExists(kind: 'user' | 'group', name: string): boolean {
  const database = kind === 'user' ? 'passwd' : 'group';
  return spawnSync('getent', [database, name]).status === 0;
}

/** Returns the numeric id of a local user or group. */
function numericId(kind: 'user' | 'group', name: string): number {
  const database = kind === 'user' ? 'passwd' : 'group';
  const line = runChecked('getent', [database, name]).trim();
  return Number(line.split(':')[2]);
}

/**
 * A private smbd with its own configuration, state folders and local accounts. It listens on
 * 127.0.0.1:445 inside a network namespace of its own, so nothing outside the namespace can
 * reach it, and every client runs in that namespace through nsenter. A namespace is used instead
 * of a high port because smbcacls 4.17 has no port option and always connects to 445 or 139.
 */
export class SambaServer {
  private constructor(
    readonly folder: string,
    readonly accounts: Accounts,
    private readonly password: string,
    private readonly process: ChildProcess,
    private readonly smbdPid: number,
  ) {}

  private get configFile(): string {
    return join(this.folder, 'smb.conf');
  }

  /** Creates the accounts, writes the configuration and starts smbd. */
  static async start(accounts: Accounts): Promise<SambaServer> {
    const folder = await mkdtemp(join(tmpdir(), 'scaidrive-samba-'));
    // smbd opens the share as each test user, so they must be able to pass through the folder.
    await chmod(folder, 0o755);
    for (const name of ['state', 'lock', 'cache', 'private', 'pid', 'ncalrpc', 'log']) {
      await mkdir(join(folder, name));
    }
    await mkdir(join(folder, 'share'), { mode: 0o777 });
    await chmod(join(folder, 'share'), 0o777);
    await writeFile(join(folder, 'smb.conf'), configuration(folder, accounts.admin));

    const password = `${randomBytes(12).toString('base64url')}-Aa1`;
    createAccounts(accounts, join(folder, 'smb.conf'), password);

    const server = spawn(
      'unshare',
      [
        '--net',
        '--fork',
        'sh',
        '-c',
        `ip link set lo up && exec smbd --foreground --no-process-group --configfile='${join(folder, 'smb.conf')}'`,
      ],
      // smbd signals its whole process group when it stops, so it must not share ours.
      { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    let stderr = '';
    server.stderr!.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    const smbdPid = await childPid(server.pid!);
    const samba = new SambaServer(folder, accounts, password, server, smbdPid);
    await samba.waitUntilReady(() => stderr);
    return samba;
  }

  /** Runs smbclient as `user` (a ScaiDrive user id, or `admin`) with `-c commands`. */
  smbclient(user: string, commands: string): CommandOutput {
    return this.client(
      'smbclient',
      [`//127.0.0.1/${SHARE}`, ...this.credentials(user)],
      ['-c', commands],
    );
  }

  /** Runs smbcacls as `user` on `path` (relative to the share) with extra arguments. */
  smbcacls(user: string, path: string, args: readonly string[] = []): CommandOutput {
    return this.client('smbcacls', [`//127.0.0.1/${SHARE}`, path, ...this.credentials(user)], args);
  }

  /**
   * Returns the SID of a test user in Samba's own domain. Samba accepts only that SID, not the
   * S-1-22-1 one, as a new owner that the user sets.
   */
  userSid(user: string): string {
    const name = this.accounts.users[user];
    if (!name) throw new Error(`unknown test user ${user}`);
    const details = runChecked('pdbedit', ['-s', this.configFile, '-L', '-v', name]);
    const sid = /^User SID:\s*(S-[0-9-]+)/m.exec(details)?.[1];
    if (!sid) throw new Error(`pdbedit printed no User SID for ${name}:\n${details}`);
    return sid;
  }

  /** Stops smbd and removes the accounts and, unless `keep`, the server's folder. */
  async stop(keep: boolean): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    try {
      process.kill(this.smbdPid, 'SIGTERM');
    } catch (error) {
      console.error(`stopping smbd ${this.smbdPid} failed: ${String(error)}`);
    }
    await Promise.race([exited, sleep(10_000)]);
    if (this.process.exitCode === null && this.process.signalCode === null) {
      console.error(`smbd ${this.smbdPid} did not stop within 10 s, sending SIGKILL`);
      process.kill(this.smbdPid, 'SIGKILL');
    }
    removeAccounts(this.accounts);
    if (!keep) await rm(this.folder, { recursive: true, force: true });
  }

  /** Returns the last 20 lines of smbd's log, for error messages. */
  async logTail(): Promise<string> {
    const log = await readFile(join(this.folder, 'log', 'smbd.log'), 'utf8').catch(() => '');
    return log.trim().split('\n').slice(-20).join('\n');
  }

  private credentials(user: string): string[] {
    const name = user === 'admin' ? this.accounts.admin : this.accounts.users[user];
    if (!name) throw new Error(`unknown test user ${user}`);
    return [`--configfile=${this.configFile}`, `--user=${name}%${this.password}`];
  }

  private client(command: string, head: readonly string[], tail: readonly string[]) {
    const result = spawnSync(
      'nsenter',
      [`--target=${this.smbdPid}`, '--net', command, ...head, ...tail],
      { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS },
    );
    if (result.error) throw new Error(`${command} failed to start: ${result.error.message}`);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  private async waitUntilReady(stderr: () => string): Promise<void> {
    let last: CommandOutput = { status: null, output: '' };
    for (let attempt = 0; attempt < 50; attempt++) {
      if (this.process.exitCode !== null) break;
      last = this.smbcacls('admin', '');
      if (last.status === 0) return;
      await sleep(200);
    }
    const log = await this.logTail();
    await this.stop(true);
    throw new Error(
      `smbd did not accept connections within 10 s (kept ${this.folder}):\n` +
        `${last.output}\n${stderr()}\n${log}`,
    );
  }
}

/** Returns the pid of the only child of `parentPid`, which unshare --fork starts. */
async function childPid(parentPid: number): Promise<number> {
  const file = `/proc/${parentPid}/task/${parentPid}/children`;
  for (let attempt = 0; attempt < 50; attempt++) {
    const children = await readFile(file, 'utf8').catch(() => '');
    const pid = Number(children.trim().split(' ')[0]);
    if (pid > 0) return pid;
    await sleep(100);
  }
  throw new Error(`unshare (pid ${parentPid}) started no smbd within 5 s`);
}

/**
 * Returns the smb.conf of the private server. With `acl_xattr:ignore system acls` the NT ACL stored in
 * the security.NTACL xattr alone decides access, and the module forces create mask 0666 and
 * directory mask 0777 so the file mode never denies what the ACL allows. The admin user works as
 * root, which Samba lets pass every ACL check, so it can build any tree.
 */
function configuration(folder: string, admin: string): string {
  return `[global]
  netbios name = SCAIORACLE
  workgroup = SCAIORACLE
  server role = standalone server
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = 445
  disable netbios = yes
  server min protocol = SMB2
  state directory = ${folder}/state
  lock directory = ${folder}/lock
  cache directory = ${folder}/cache
  private dir = ${folder}/private
  pid directory = ${folder}/pid
  ncalrpc dir = ${folder}/ncalrpc
  log file = ${folder}/log/smbd.log
  log level = 1
  passdb backend = tdbsam:${folder}/private/passdb.tdb
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes

[${SHARE}]
  path = ${folder}/share
  read only = no
  vfs objects = acl_xattr
  acl_xattr:ignore system acls = yes
  acl_xattr:default acl style = windows
  nt acl support = yes
  map acl inherit = yes
  store dos attributes = yes
  inherit acls = no
  inherit permissions = no
  admin users = ${admin}
`;
}

function createAccounts(accounts: Accounts, configFile: string, password: string): void {
  removeAccounts(accounts);
  for (const group of Object.values(accounts.groups)) runChecked('groupadd', [group.name]);
  const groupsOf = (userId: string) =>
    Object.values(accounts.groups)
      .filter((group) => group.members.includes(userId))
      .map((group) => group.name);
  const users: [string, string[]][] = [
    [accounts.admin, []],
    ...Object.entries(accounts.users).map(([id, name]): [string, string[]] => [name, groupsOf(id)]),
  ];
  for (const [name, groups] of users) {
    const extra = groups.length > 0 ? ['--groups', groups.join(',')] : [];
    runChecked('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', ...extra, name]);
    runChecked('smbpasswd', ['-c', configFile, '-s', '-a', name], `${password}\n${password}\n`);
  }
}

/** Removes the accounts, including any that an interrupted earlier run left behind. */
function removeAccounts(accounts: Accounts): void {
  for (const name of [accounts.admin, ...Object.values(accounts.users)]) {
    if (accountExists('user', name)) runChecked('userdel', [name]);
  }
  for (const group of Object.values(accounts.groups)) {
    if (accountExists('group', group.name)) runChecked('groupdel', [group.name]);
  }
}

/** Returns the SID Samba gives a local user (S-1-22-1-uid) or group (S-1-22-2-gid). */
export function unixSid(kind: 'user' | 'group', name: string): string {
  return `S-1-22-${kind === 'user' ? 1 : 2}-${numericId(kind, name)}`;
}
