import { readFile } from 'node:fs/promises';

/** Server time spent on the requests of one kind, from the server's own log. */
export interface RequestTiming {
  readonly requests: number;
  readonly totalMs: number;
}

interface CompletedRequest {
  readonly req?: { readonly method?: string; readonly url?: string };
  readonly responseTime?: number;
}

function parseLine(line: string): CompletedRequest | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as CompletedRequest;
  } catch {
    return null;
  }
}

/**
 * Sums the `responseTime` (milliseconds) of the requests that pino-http logged as completed, per
 * named pattern matched against `METHOD /path`. Requests are logged at level info, the server's
 * default. A pattern that matched nothing has zero requests.
 */
export async function readRequestTimings<Name extends string>(
  logFile: string,
  patterns: Readonly<Record<Name, RegExp>>,
): Promise<Record<Name, RequestTiming>> {
  const totals = {} as Record<Name, { requests: number; totalMs: number }>;
  const names = Object.keys(patterns) as Name[];
  for (const name of names) totals[name] = { requests: 0, totalMs: 0 };
  for (const line of (await readFile(logFile, 'utf8')).split('\n')) {
    const entry = parseLine(line);
    if (typeof entry?.responseTime !== 'number' || !entry.req?.method || !entry.req.url) continue;
    const request = `${entry.req.method} ${entry.req.url.split('?')[0]}`;
    const name = names.find((candidate) => patterns[candidate].test(request));
    if (name === undefined) continue;
    totals[name].requests += 1;
    totals[name].totalMs += entry.responseTime;
  }
  return totals;
}
