import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';
import { rsyncVersion } from '../support/rsync-delta.js';

/** The hardware and software a run measured on. */
export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly kernel: string;
  /** One-minute load average at the start, since other work on the machine skews timings. */
  readonly loadAverage: number;
  readonly node: string;
  readonly rsync: string | null;
}

async function readCpuModel(): Promise<string> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1].trim() ?? 'unknown';
}

/** Reads the CPU count (as `nproc` prints it), the CPU model, memory and tool versions. */
export async function readMachineInfo(): Promise<MachineInfo> {
  return {
    cpus: availableParallelism(),
    cpuModel: await readCpuModel(),
    memoryBytes: totalmem(),
    kernel: `Linux ${release()}`,
    loadAverage: loadavg()[0],
    node: process.version,
    rsync: await rsyncVersion(),
  };
}

/** Formats the machine on one line, such as `2 CPUs (AMD EPYC), 23.4 GiB memory, ...`. */
export function describeMachine(machine: MachineInfo): string {
  const memory = (machine.memoryBytes / 1024 ** 3).toFixed(1);
  const rsync = machine.rsync ?? 'rsync not installed';
  return [
    `${machine.cpus} CPUs (${machine.cpuModel})`,
    `${memory} GiB memory`,
    machine.kernel,
    `load average ${machine.loadAverage.toFixed(2)} at start`,
    `Node.js ${machine.node}`,
    rsync,
  ].join(', ');
}
