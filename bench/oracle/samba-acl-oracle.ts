import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type Principal } from '@scaidrive/domain';
import { ADMIN_ID, generateTree, TEST_GROUPS, TEST_USERS, type RandomTree } from './random-tree.js';
import { SambaServer, unixSid, type Accounts, type CommandOutput } from './samba-server.js';
import {
  describeNode,
  formatNtAce,
  identityOf,
  operationsFor,
  parentPath,
  ScaiDriveModel,
  INHERITED_ACE,
  toNtAce,
  type NtAce,
  type Operation,
} from './scaidrive-model.js';

const USAGE = `Usage: node dist/bench/oracle/samba-acl-oracle.js [--trees N] [--seed N] [--max-nodes N] [--keep]

Builds random ACL trees on a private Samba server, probes every test user on every node with
smbclient and smbcacls, and compares the outcomes with ScaiDrive's evaluator. Run as root: it
creates local users and a network namespace, and removes them at the end.

  --trees N      number of random trees (default 20)
  --seed N       seed of the first tree, the others use the following seeds (default 1)
  --max-nodes N  maximum number of nodes per tree, root included (default 10)
  --keep         keep the server's temporary folder, with smb.conf and the log, for inspection`;

/** Everyone (S-1-1-0), the principal of the entry with the rights ScaiDrive does not model. */
const EVERYONE = 'S-1-1-0';
/**
 * SYNCHRONIZE, READ_EA, WRITE_EA, EXECUTE, READ_ATTRIBUTES and WRITE_ATTRIBUTES. smbclient
 * requests some of them with every open, and ScaiDrive has no equivalent, so an entry for Everyone
 * inherited everywhere allows them. It also keeps every folder's ACL inheritable, so Samba never
 * synthesizes a default ACL for a new child.
 */
const UNMODELED_RIGHTS = 0x1001b8;
const PROBE_FILE = 'probe-new.txt';
/** The entry the change-acl probe adds: BUILTIN\\Power Users, which no test user belongs to. */
const PROBE_ACE: NtAce = { sid: 'S-1-5-32-547', type: 0, flags: 0, mask: 0x1 };
/** SE_DACL_AUTO_INHERITED, the control flag SDDL writes as `AI`. */
const AUTO_INHERITED = 0x400;

type Outcome = 'allowed' | 'denied' | `error: ${string}`;

interface Probe {
  readonly tree: RandomTree;
  readonly user: string;
  readonly path: string;
  readonly operation: Operation;
  readonly samba: Outcome;
  readonly scaidrive: boolean;
}

/** The ACL and owner of a node as smbcacls --numeric prints them. */
interface Snapshot {
  /** Control flags of the security descriptor, such as 0x400 for SE_DACL_AUTO_INHERITED. */
  readonly control: number;
  readonly owner: string;
  readonly aces: NtAce[];
}

const ACCOUNTS: Accounts = {
  admin: 'scaioracle-admin',
  users: Object.fromEntries(TEST_USERS.map((id) => [id, `scaioracle-${id}`])),
  groups: Object.fromEntries(
    Object.entries(TEST_GROUPS).map(([id, members]) => [id, { name: `scaioracle-${id}`, members }]),
  ),
};

class Oracle {
  readonly probes: Probe[] = [];
  readonly aclMismatches: string[] = [];
  private readonly sids = new Map<string, string>();
  private readonly localFile: string;

  constructor(private readonly server: SambaServer) {
    this.localFile = join(server.folder, 'content.txt');
    for (const [id, name] of Object.entries(ACCOUNTS.users)) {
      this.sids.set(`user:${id}`, unixSid('user', name));
    }
    for (const [id, group] of Object.entries(ACCOUNTS.groups)) {
      this.sids.set(`group:${id}`, unixSid('group', group.name));
    }
  }

  readonly sidOf = (principal: Principal): string => {
    const key =
      principal.kind === 'role' ? `role:${principal.role}` : `${principal.kind}:${principal.id}`;
    const sid = this.sids.get(key);
    if (!sid) throw new Error(`no SID for principal ${key}`);
    return sid;
  };

  async prepare(): Promise<void> {
    await writeFile(this.localFile, 'oracle content\n');
    const everyone: NtAce = { sid: EVERYONE, type: 0, flags: 0x3, mask: UNMODELED_RIGHTS };
    this.cacls('admin', '', ['--sddl', '--set', `D:PAI${sddlAce(everyone)}`]);
    // The admin user works as root but Samba records its own SID as the owner of what it creates.
    this.client('admin', 'mkdir "owner-probe"');
    this.sids.set(`user:${ADMIN_ID}`, this.snapshot('owner-probe').owner);
    this.client('admin', 'rmdir "owner-probe"');
  }

  /** Builds `tree` on Samba, top down, so Samba computes every inherited entry itself. */
  build(tree: RandomTree): void {
    for (const node of tree.nodes) {
      const remote = remotePath(tree, node.path);
      const create =
        node.kind === 'folder' ? `mkdir "${remote}"` : `put "${this.localFile}" "${remote}"`;
      this.client('admin', create);
      if (node.blocked) {
        this.cacls('admin', remote, ['--inherit', node.blocked === 'copy' ? 'copy' : 'remove']);
      }
      const aces = node.entries.map((entry) => toNtAce(entry, this.sidOf, false));
      if (node.blocked === 'drop') {
        const flags = node.kind === 'folder' ? 0x3 : 0;
        aces.push({ sid: EVERYONE, type: 0, flags, mask: UNMODELED_RIGHTS });
      }
      this.addEntries(remote, aces, node.blocked !== null);
      if (node.owner.id !== ADMIN_ID) {
        this.cacls('admin', remote, ['--chown', this.sidOf(node.owner)]);
      }
      if (node.kind === 'folder' && !(this.snapshot(remote).control & AUTO_INHERITED)) {
        throw new Error(
          `${remote} lost SE_DACL_AUTO_INHERITED, so its children would not be marked`,
        );
      }
    }
  }

  /**
   * Adds explicit entries in front of the node's ACL and keeps it marked auto-inherited (SDDL
   * `AI`, SE_DACL_AUTO_INHERITED). Samba 4.17 flags the entries a new child receives as inherited
   * only when the parent carries that mark. `smbcacls --add` and `--inherit` drop it, and an SDDL
   * `--set` keeps it only together with `AR`. Without the flag, smbcacls sorts the received
   * entries of a child together with its own, deny first, as if all were explicit.
   */
  private addEntries(remote: string, added: readonly NtAce[], isProtected: boolean): void {
    const current = this.snapshot(remote).aces;
    const explicit = [...added, ...current.filter((ace) => !(ace.flags & INHERITED_ACE))];
    const inherited = current.filter((ace) => ace.flags & INHERITED_ACE);
    const ordered = [
      ...explicit.filter((ace) => ace.type === 1),
      ...explicit.filter((ace) => ace.type === 0),
      ...inherited,
    ];
    const control = `${isProtected ? 'P' : ''}ARAI`;
    this.cacls('admin', remote, [
      '--sddl',
      '--set',
      `D:${control}${ordered.map(sddlAce).join('')}`,
    ]);
  }

  /** Compares the ACL Samba stored on each node with the one ScaiDrive's order implies. */
  compareAcls(tree: RandomTree, model: ScaiDriveModel): void {
    for (const node of tree.nodes) {
      const snapshot = this.snapshot(remotePath(tree, node.path));
      const actual = decisionOrder(snapshot.aces.filter((ace) => ace.sid !== EVERYONE));
      const expected = decisionOrder(model.expectedNtAcl(node.path, this.sidOf));
      if (actual.join(',') !== expected.join(',')) {
        this.aclMismatches.push(
          `${tree.name} (seed ${tree.seed}) ${node.path}\n      samba:     ${actual.join(' ')}\n` +
            `      scaidrive: ${expected.join(' ')}`,
        );
      }
      const owner = this.sidOf(node.owner);
      if (snapshot.owner !== owner) {
        this.aclMismatches.push(
          `${tree.name} ${node.path}: owner ${snapshot.owner}, expected ${owner}`,
        );
      }
    }
  }

  /** Probes every operation of every test user on every node of `tree`. */
  probeTree(tree: RandomTree, model: ScaiDriveModel): void {
    for (const node of tree.nodes) {
      const isRoot = node.path === '/';
      for (const user of TEST_USERS) {
        for (const operation of operationsFor(node.kind, isRoot)) {
          const samba = this.probe(tree, node.path, node.kind, user, operation);
          const scaidrive = model.allows(node.path, operation, identityOf(user));
          this.probes.push({ tree, user, path: node.path, operation, samba, scaidrive });
        }
      }
    }
  }

  private probe(
    tree: RandomTree,
    path: string,
    kind: 'file' | 'folder',
    user: string,
    operation: Operation,
  ): Outcome {
    const remote = remotePath(tree, path);
    switch (operation) {
      case 'list':
        return outcome(this.server.smbclient(user, `ls "${remote}/*"`));
      case 'create': {
        const result = outcome(
          this.server.smbclient(user, `put "${this.localFile}" "${remote}/${PROBE_FILE}"`),
        );
        if (result === 'allowed') this.client('admin', `rm "${remote}/${PROBE_FILE}"`);
        return result;
      }
      case 'read':
        return outcome(this.server.smbclient(user, `get "${remote}" /dev/null`));
      case 'write':
        return outcome(this.server.smbclient(user, `put "${this.localFile}" "${remote}"`));
      case 'read-acl':
        return outcome(this.server.smbcacls(user, remote));
      case 'change-acl':
        // Without --set-security-info, smbcacls writes the owner and group back too, which needs
        // WRITE_OWNER. SECINFO_DACL (4) limits the write to the ACL.
        return this.probeSecurityChange(
          remote,
          ['--set-security-info=4', '--add', aclArgument([PROBE_ACE])],
          user,
        );
      case 'take-ownership':
        return this.probeSecurityChange(remote, ['--chown', this.server.userSid(user)], user);
      case 'delete':
        return this.probeDelete(remote, kind, user);
    }
  }

  /** Runs smbcacls as `user` with `args` and puts the node's ACL and owner back when it worked. */
  private probeSecurityChange(remote: string, args: readonly string[], user: string): Outcome {
    const before = this.snapshot(remote);
    const result = outcome(this.server.smbcacls(user, remote, args));
    if (result === 'allowed') this.restore(remote, before);
    return result;
  }

  private restore(remote: string, before: Snapshot): void {
    this.cacls('admin', remote, ['--set', aclArgument(before.aces)]);
    this.cacls('admin', remote, ['--chown', before.owner]);
    const after = this.snapshot(remote);
    // The restored node loses SE_DACL_AUTO_INHERITED, which matters only for children created
    // later, and the probes create no lasting child.
    if (
      after.owner !== before.owner ||
      JSON.stringify(after.aces) !== JSON.stringify(before.aces)
    ) {
      throw new Error(`restoring the ACL and owner of ${remote} after a probe failed`);
    }
  }

  /**
   * Deletes the node as `user` and puts it back when that worked. A folder that still has
   * children returns DIRECTORY_NOT_EMPTY only after the access check passed, so it counts as
   * allowed and stays in place.
   */
  private probeDelete(remote: string, kind: 'file' | 'folder', user: string): Outcome {
    const before = this.snapshot(remote);
    const command = kind === 'folder' ? `rmdir "${remote}"` : `rm "${remote}"`;
    const result = this.server.smbclient(user, command);
    if (/NT_STATUS_DIRECTORY_NOT_EMPTY/.test(result.output)) return 'allowed';
    const deleted = outcome(result);
    if (deleted !== 'allowed') return deleted;

    const create = kind === 'folder' ? `mkdir "${remote}"` : `put "${this.localFile}" "${remote}"`;
    this.client('admin', create);
    this.restore(remote, before);
    return deleted;
  }

  private snapshot(remote: string): Snapshot {
    const output = this.cacls('admin', remote, ['--numeric']);
    let owner = '';
    let control = 0;
    const aces: NtAce[] = [];
    for (const line of output.split('\n')) {
      if (line.startsWith('OWNER:')) owner = line.slice('OWNER:'.length).trim();
      if (line.startsWith('CONTROL:')) control = parseInt(line.slice('CONTROL:'.length), 16);
      const match = /^ACL:(S-[0-9-]+):(\d+)\/0x([0-9a-f]+)\/0x([0-9a-f]+)$/i.exec(line.trim());
      if (match) {
        aces.push({
          sid: match[1]!,
          type: Number(match[2]),
          flags: parseInt(match[3]!, 16),
          mask: parseInt(match[4]!, 16),
        });
      }
    }
    return { control, owner, aces };
  }

  private client(user: string, commands: string): void {
    const result = this.server.smbclient(user, commands);
    if (result.status !== 0 || /NT_STATUS_/.test(result.output)) {
      throw new Error(`smbclient as ${user} failed on ${commands}:\n${result.output}`);
    }
  }

  private cacls(user: string, remote: string, args: readonly string[]): string {
    const result = this.server.smbcacls(user, remote, args);
    if (result.status !== 0) {
      throw new Error(`smbcacls ${args.join(' ')} on "${remote}" failed:\n${result.output}`);
    }
    return result.output;
  }
}

function remotePath(tree: RandomTree, path: string): string {
  return path === '/' ? tree.name : `${tree.name}${path}`;
}

/** ACEs in the form smbcacls --add and --set take, with ALLOWED or DENIED spelled out. */
function aclArgument(aces: readonly NtAce[]): string {
  return aces
    .map((ace) => {
      const type = ace.type === 0 ? 'ALLOWED' : 'DENIED';
      const mask = `0x${ace.mask.toString(16).padStart(8, '0')}`;
      return `ACL:${ace.sid}:${type}/0x${ace.flags.toString(16)}/${mask}`;
    })
    .join(',');
}

const SDDL_FLAGS: readonly [number, string][] = [
  [0x1, 'OI'],
  [0x2, 'CI'],
  [0x4, 'NP'],
  [0x8, 'IO'],
  [INHERITED_ACE, 'ID'],
];

/** Formats an entry in SDDL, such as `(D;OICI;0x00000001;;;S-1-22-1-1002)`. */
function sddlAce(ace: NtAce): string {
  const flags = SDDL_FLAGS.filter(([bit]) => ace.flags & bit)
    .map(([, name]) => name)
    .join('');
  const mask = `0x${ace.mask.toString(16).padStart(8, '0')}`;
  return `(${ace.type === 0 ? 'A' : 'D'};${flags};${mask};;;${ace.sid})`;
}

/**
 * Formats an ACL so that two lists that decide every access the same way compare equal. Only the
 * order between allow and deny entries changes a decision, so each run of entries of one type is
 * sorted.
 */
function decisionOrder(aces: readonly NtAce[]): string[] {
  const runs: string[][] = [];
  let previousType = -1;
  for (const ace of aces) {
    if (ace.type !== previousType) runs.push([]);
    runs[runs.length - 1]!.push(formatNtAce(ace));
    previousType = ace.type;
  }
  return runs.flatMap((run) => [...new Set(run)].sort());
}

function outcome(result: CommandOutput): Outcome {
  const status = /NT_STATUS_[A-Z_]+/.exec(result.output)?.[0];
  if (status === 'NT_STATUS_ACCESS_DENIED') return 'denied';
  if (status) return `error: ${status}`;
  if (result.status !== 0) return `error: exit status ${result.status}`;
  return 'allowed';
}

/** Formats rows as a plain-text table, numbers aligned to the right. */
function formatRows(header: readonly string[], rows: readonly (string | number)[][]): string {
  const lines = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  const pad = (line: readonly string[]) =>
    line
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  return [
    pad(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...lines.slice(1).map(pad),
  ].join('\n');
}

function agrees(probe: Probe): boolean {
  return probe.samba === (probe.scaidrive ? 'allowed' : 'denied');
}

function summaryTable(probes: readonly Probe[]): string {
  const operations: Operation[] = [
    'list',
    'create',
    'read',
    'write',
    'delete',
    'read-acl',
    'change-acl',
    'take-ownership',
  ];
  const row = (name: string, subset: readonly Probe[]) => {
    const agreed = subset.filter(agrees).length;
    const errors = subset.filter((probe) => probe.samba.startsWith('error')).length;
    const rate = subset.length === 0 ? '-' : `${((100 * agreed) / subset.length).toFixed(1)} %`;
    const allowed = subset.filter((probe) => probe.samba === 'allowed').length;
    return [name, subset.length, allowed, agreed, subset.length - agreed - errors, errors, rate];
  };
  const rows = operations.map((operation) =>
    row(
      operation,
      probes.filter((probe) => probe.operation === operation),
    ),
  );
  rows.push(row('all', probes));
  const header = [
    'operation',
    'cases',
    'samba allowed',
    'agree',
    'disagree',
    'errors',
    'agreement',
  ];
  return formatRows(header, rows);
}

function disagreementReport(probes: readonly Probe[]): string[] {
  const lines: string[] = [];
  const described = new Set<string>();
  for (const probe of probes.filter((candidate) => !agrees(candidate))) {
    const { tree } = probe;
    if (!described.has(tree.name)) {
      described.add(tree.name);
      lines.push(`tree ${tree.name} (seed ${tree.seed}):`);
      for (const node of tree.nodes) lines.push(...describeNode(node).map((line) => `  ${line}`));
    }
    const expected = probe.scaidrive ? 'allowed' : 'denied';
    const parent = probe.path === '/' ? '' : ` (parent ${parentPath(probe.path)})`;
    lines.push(
      `  -> ${probe.user} ${probe.operation} ${probe.path}${parent}: samba ${probe.samba}, scaidrive ${expected}`,
    );
  }
  return lines;
}

function assertPrerequisites(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('run as root: the oracle creates local users and a network namespace');
  }
  for (const command of ['smbd', 'smbclient', 'smbcacls', 'smbpasswd', 'unshare', 'nsenter']) {
    if (spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0) {
      throw new Error(
        `${command} was not found on PATH: install it with apt-get install -y samba smbclient`,
      );
    }
  }
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      trees: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      'max-nodes': { type: 'string', default: '10' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const integer = (name: string, value: string, minimum: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < minimum) {
      throw new Error(
        `--${name} must be an integer of at least ${minimum}, got ${value}\n\n${USAGE}`,
      );
    }
    return parsed;
  };
  return {
    help: values.help,
    trees: integer('trees', values.trees, 1),
    seed: integer('seed', values.seed, 0),
    maxNodes: integer('max-nodes', values['max-nodes'], 2),
    keep: values.keep,
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options.help) {
    console.log(USAGE);
    return;
  }
  assertPrerequisites();
  const started = performance.now();
  const server = await SambaServer.start(ACCOUNTS);
  console.log(`smbd started in ${server.folder}`);
  // smbd runs in a session of its own, so Ctrl-C reaches only this process and its clients. The
  // run stops after the current tree and then removes the server and the accounts.
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    console.error('interrupted: stopping after the current tree');
  });
  let oracle: Oracle | undefined;
  let treeCount = 0;
  try {
    oracle = new Oracle(server);
    await oracle.prepare();
    for (let index = 0; index < options.trees && !interrupted; index++) {
      const seed = options.seed + index;
      const tree = generateTree(`t${String(index + 1).padStart(2, '0')}`, seed, options.maxNodes);
      const model = new ScaiDriveModel(tree);
      oracle.build(tree);
      oracle.compareAcls(tree, model);
      oracle.probeTree(tree, model);
      const done = oracle.probes.filter((probe) => probe.tree === tree);
      const agreed = done.filter(agrees).length;
      console.log(
        `${tree.name} (seed ${seed}, ${tree.nodes.length} nodes): ${agreed}/${done.length} agree`,
      );
      treeCount++;
      // Lets the SIGINT handler run, since every probe blocks the event loop.
      await setImmediate();
    }
  } catch (error) {
    console.error(`smbd log:\n${await server.logTail()}`);
    throw error;
  } finally {
    await server.stop(options.keep);
    console.log(
      `smbd stopped and test accounts removed${options.keep ? `, kept ${server.folder}` : ''}`,
    );
  }

  const probes = oracle.probes;
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `\n${treeCount} trees, seeds ${options.seed}..${options.seed + treeCount - 1}, ${seconds} s\n`,
  );
  console.log(summaryTable(probes));
  const disagreements = disagreementReport(probes);
  console.log(`\ndisagreements: ${probes.filter((probe) => !agrees(probe)).length}`);
  if (disagreements.length > 0) console.log(disagreements.join('\n'));
  console.log(
    `\nstored ACLs that differ from ScaiDrive's evaluation order: ${oracle.aclMismatches.length}`,
  );
  for (const mismatch of oracle.aclMismatches) console.log(`  ${mismatch}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
