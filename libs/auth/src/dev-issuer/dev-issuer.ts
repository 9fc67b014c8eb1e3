import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

/** Issuer claim of tokens from the built-in development issuer. */
export const DEV_ISSUER = 'urn:scaidrive:dev-issuer';
/** Audience claim the API expects by default. */
export const DEFAULT_AUDIENCE = 'scaidrive';
export const DEV_ALGORITHM = 'ES256';

interface StoredKey {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

function keyFile(dataDir: string): string {
  return join(dataDir, 'dev-issuer', 'signing-key.json');
}

/**
 * Loads the development issuer's key pair from the data folder, creating it on first use. The file
 * is written to a temporary name and renamed, so a crash never leaves half a key behind.
 */
export async function loadOrCreateDevKey(dataDir: string): Promise<StoredKey> {
  const file = keyFile(dataDir);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  const kid = randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: DEV_ALGORITHM, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: DEV_ALGORITHM, use: 'sig' };
  await mkdir(join(dataDir, 'dev-issuer'), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ privateJwk, publicJwk }), { mode: 0o600 });
  await rename(temporary, file);
  return loadOrCreateDevKey(dataDir);
}

export interface DevTokenRequest {
  readonly dataDir: string;
  readonly user: string;
  readonly tenant?: string;
  readonly groups?: readonly string[];
  readonly roles?: readonly string[];
  /** The partner claim, for partner administrators; absent from the token when not given. */
  readonly partner?: string;
  readonly ttlSeconds?: number;
  readonly audience?: string;
}

/** Signs a token of the development issuer for a user name in a tenant (`default` when absent). */
export async function signDevToken(request: DevTokenRequest): Promise<string> {
  const { privateJwk } = await loadOrCreateDevKey(request.dataDir);
  const key = await importJWK(privateJwk, DEV_ALGORITHM);
  return new SignJWT({
    tenant: request.tenant ?? 'default',
    name: request.user,
    groups: request.groups ?? [],
    roles: request.roles ?? [],
    ...(request.partner ? { partner: request.partner } : {}),
  })
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(request.audience ?? DEFAULT_AUDIENCE)
    .setSubject(request.user)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 30 * 24 * 3600}s`)
    .sign(key);
}
