import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { type AuthConfig, readAuthConfig } from './auth-config.js';
import { type LinkConfig, readLinkConfig } from './link-config.js';
import { readRetentionConfig, type RetentionConfig } from './retention-config.js';

/** The server's whole configuration, read once from the environment at start. */
export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** External PostgreSQL; null runs the embedded server in the data folder. */
  readonly databaseUrl: string | null;
  readonly eventStore:
    | { readonly kind: 'postgres' }
    | { readonly kind: 'eventstoredb'; readonly connectionString: string };
  readonly chunkStore:
    | { readonly kind: 'fs'; readonly root: string }
    | {
        readonly kind: 's3';
        readonly endpoint: string;
        readonly bucket: string;
        readonly accessKey: string;
        readonly secretKey: string;
        readonly region: string;
      };
  readonly auth: AuthConfig;
  /** Run projections in this process (the embedded default and single-host setups). */
  readonly runProjections: boolean;
  readonly logLevel: string;
  /** Longest wait for read models to reach a command's position before answering. */
  readonly readYourWritesTimeoutMs: number;
  readonly retention: RetentionConfig;
  /** Bytes each partner's tenants may store together; null for no partner limit. */
  readonly partnerStorageQuotaBytes: number | null;
  /** Embedding tokens each partner's tenants may spend together per month; null for no limit. */
  readonly partnerMonthlyEmbeddingTokens: number | null;
  readonly links: LinkConfig;
  /**
   * Express `trust proxy` value, so that client addresses come from X-Forwarded-For. Null keeps
   * the server's default, which trusts proxies on the loopback interface only.
   */
  readonly trustProxy: boolean | number | string | null;
  /** Mail server for outgoing mail. Null keeps mail in the outbox table instead of sending it. */
  readonly smtp: SmtpConfig | null;
}

export interface SmtpConfig {
  /** `smtp://` or `smtps://` URL with optional credentials, as nodemailer accepts it. */
  readonly url: string;
  /** From header of every message, such as `ScaiDrive <no-reply@example.com>`. */
  readonly from: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function readPort(env: Env, problems: string[]): number {
  const raw = env.PORT ?? '8080';
  const port = Number(raw);
  // 0 asks the operating system for any free port, which tests use.
  if (!/^\d+$/.test(raw) || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(raw)}`);
    return 8080;
  }
  return port;
}

function readBoolean(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
  return fallback;
}

function required(env: Env, name: string, problems: string[], why: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    problems.push(`${name} is required ${why}`);
    return '';
  }
  return value;
}

function readEventStore(env: Env, problems: string[]): AppConfig['eventStore'] {
  const kind = env.EVENT_STORE ?? 'postgres';
  if (kind === 'postgres') return { kind };
  if (kind === 'eventstoredb') {
    const why = 'when EVENT_STORE is eventstoredb';
    return { kind, connectionString: required(env, 'EVENTSTORE_CONNECTION_STRING', problems, why) };
  }
  problems.push(`EVENT_STORE must be postgres or eventstoredb, got ${JSON.stringify(kind)}`);
  return { kind: 'postgres' };
}

function readChunkStore(env: Env, dataDir: string, problems: string[]): AppConfig['chunkStore'] {
  const kind = env.CHUNK_STORE ?? 'fs';
  if (kind === 'fs') return { kind, root: resolve(env.CHUNK_STORE_DIR ?? `${dataDir}/chunks`) };
  if (kind === 's3') {
    const why = 'when CHUNK_STORE is s3';
    return {
      kind,
      endpoint: required(env, 'S3_ENDPOINT', problems, why),
      bucket: env.S3_BUCKET ?? 'scaidrive-chunks',
      accessKey: required(env, 'S3_ACCESS_KEY', problems, why),
      secretKey: required(env, 'S3_SECRET_KEY', problems, why),
      region: env.S3_REGION ?? 'us-east-1',
    };
  }
  problems.push(`CHUNK_STORE must be fs or s3, got ${JSON.stringify(kind)}`);
  return { kind: 'fs', root: `${dataDir}/chunks` };
}

function readByteLimit(env: Env, name: string, problems: string[]): number | null {
  // Also reads token counts: both are whole numbers that must fit a double exactly.
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  const bytes = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(bytes)) {
    problems.push(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
    return null;
  }
  return bytes;
}

// Express accepts these names for address ranges in `trust proxy`.
const TRUST_PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isTrustProxyEntry(entry: string): boolean {
  if (TRUST_PROXY_RANGES.includes(entry) || isIP(entry) !== 0) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(address);
  return family !== 0 && Number(prefix) <= (family === 4 ? 32 : 128);
}

function readTrustProxy(env: Env, problems: string[]): AppConfig['trustProxy'] {
  const raw = env.TRUST_PROXY?.trim();
  if (raw === undefined || raw === '') return null;
  // Express reads the string "1" as an address, so hop counts and booleans keep their types.
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  if (!entries.every(isTrustProxyEntry)) {
    problems.push(
      'TRUST_PROXY must be true, false, a number of proxy hops, or a comma-separated list of ' +
        `addresses, CIDR blocks, loopback, linklocal or uniquelocal, got ${JSON.stringify(raw)}`,
    );
    return null;
  }
  return entries.join(',');
}

function readSmtp(env: Env, problems: string[]): SmtpConfig | null {
  const url = env.SMTP_URL;
  if (url === undefined || url === '') return null;
  const from = env.SMTP_FROM || 'ScaiDrive <no-reply@localhost>';
  // The URL may carry a password, so messages about it never repeat the value.
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || !['smtp:', 'smtps:'].includes(parsed.protocol) || parsed.hostname === '') {
    problems.push('SMTP_URL must be a URL starting with smtp:// or smtps:// and naming a host');
  }
  // A line break in a header value would let it add headers of its own.
  if (!from.includes('@') || /[\r\n]/.test(from)) {
    problems.push(`SMTP_FROM must be one line with an email address, got ${JSON.stringify(from)}`);
  }
  return { url, from };
}

function readDataDir(env: Env, problems: string[]): string {
  const raw = env.SCAIDRIVE_DATA_DIR ?? './data';
  if (raw.trim() === '') problems.push('SCAIDRIVE_DATA_DIR must not be empty');
  if (raw.includes('\0')) problems.push('SCAIDRIVE_DATA_DIR must not contain a NUL character');
  return isAbsolute(raw) ? raw : resolve(raw);
}

function isListenAddress(host: string): boolean {
  if (isIP(host) !== 0) return true;
  // Four dotted numbers that are not an IPv4 address are a mistake, not a host name.
  if (/^[\d.]+$/.test(host)) return false;
  return /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(
    host,
  );
}

/** Reads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const dataDir = readDataDir(env, problems);
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const embedded = databaseUrl === null;
  const timeout = Number(env.READ_YOUR_WRITES_TIMEOUT_MS ?? '5000');
  if (!Number.isFinite(timeout) || timeout < 0) {
    problems.push('READ_YOUR_WRITES_TIMEOUT_MS must be a number of milliseconds');
  }
  const config: AppConfig = {
    host: env.HOST ?? '127.0.0.1',
    port: readPort(env, problems),
    dataDir,
    databaseUrl,
    eventStore: readEventStore(env, problems),
    chunkStore: readChunkStore(env, dataDir, problems),
    // The development issuer is on by default only for the embedded database, so a deployment with
    // an external database accepts development tokens only when DEV_ISSUER_ENABLED is true.
    auth: readAuthConfig(env, readBoolean(env, 'DEV_ISSUER_ENABLED', embedded, problems), problems),
    runProjections: readBoolean(env, 'RUN_PROJECTIONS', true, problems),
    logLevel: env.LOG_LEVEL ?? 'info',
    readYourWritesTimeoutMs: timeout,
    retention: readRetentionConfig(env, problems),
    partnerStorageQuotaBytes: readByteLimit(env, 'PARTNER_STORAGE_QUOTA_BYTES', problems),
    partnerMonthlyEmbeddingTokens: readByteLimit(env, 'PARTNER_MONTHLY_EMBEDDING_TOKENS', problems),
    links: readLinkConfig(env, problems),
    trustProxy: readTrustProxy(env, problems),
    smtp: readSmtp(env, problems),
  };
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(config.logLevel)) {
    problems.push(
      `LOG_LEVEL must be one of ${levels.join(', ')}, got ${JSON.stringify(config.logLevel)}`,
    );
  }
  if (!isListenAddress(config.host)) {
    problems.push(`HOST must be an IP address or a host name, got ${JSON.stringify(config.host)}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Injection token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
