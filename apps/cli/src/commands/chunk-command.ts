import { chunkFile } from '@scaidrive/chunking';
import type { Command } from 'commander';
import { stat } from 'node:fs/promises';

/** Adds `scaidrive chunk`, which prints the chunks a file is cut into and the chunking speed. */
export function registerChunkCommand(program: Command): void {
  program
    .command('chunk')
    .description('print the content-defined chunks of a file, one per line, and its SHA-256')
    .argument('<file>', 'file to chunk')
    .action((file: string) => printChunks(file));
}

async function printChunks(file: string): Promise<void> {
  const started = performance.now();
  const { size } = await stat(file);
  const chunks = chunkFile(file);
  let count = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      process.stdout.write(`file ${next.value.size} ${next.value.sha256}\n`);
      break;
    }
    count++;
    process.stdout.write(`${next.value.offset} ${next.value.size} ${next.value.sha256}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = seconds > 0 ? (size / 1e6 / seconds).toFixed(0) : '-';
  process.stderr.write(
    `${count} chunks, ${size} bytes in ${seconds.toFixed(2)} s (${rate} MB/s)\n`,
  );
}
