import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRequestTimings } from './request-timings.js';

const HASH = 'a'.repeat(64);

function completed(method: string, url: string, responseTime: number): string {
  return JSON.stringify({
    level: 30,
    req: { method, url },
    responseTime,
    msg: 'request completed',
  });
}

describe('readRequestTimings', () => {
  let folder: string;
  let logFile: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bench-request-timings-'));
    logFile = join(folder, 'server.log');
    const lines = [
      '{"level":30,"msg":"Nest application successfully started"}',
      completed('PUT', `/api/v1/chunks/${HASH}`, 12),
      completed('PUT', `/api/v1/chunks/${HASH}`, 20),
      completed('POST', '/api/v1/chunks/missing', 5),
      completed('POST', '/api/v1/files?x=1', 300),
      'not json',
      '{"truncated":',
    ];
    await writeFile(logFile, `${lines.join('\n')}\n`);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('sums matching requests', async () => {
    const timings = await readRequestTimings(logFile, {
      puts: /^PUT \/api\/v1\/chunks\/[0-9a-f]{64}$/,
      commit: /^POST \/api\/v1\/files$/,
    });
    expect(timings.puts).toEqual({ requests: 2, totalMs: 32 });
    expect(timings.commit).toEqual({ requests: 1, totalMs: 300 });
  });

  it('reports zero for no match', async () => {
    const timings = await readRequestTimings(logFile, { gets: /^GET / });
    expect(timings.gets).toEqual({ requests: 0, totalMs: 0 });
  });
});
