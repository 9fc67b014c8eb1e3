import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

// scrypt with N = 2^15, r = 8, p = 1 uses 128 * N * r bytes = 32 MiB per hash. One hash took
// about 90 ms in password-hasher.spec.ts on a 2-core machine.
const LOG2_COST = 15;
const BLOCK_SIZE = 8;
const PARALLELIZATION = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

// Bounds for parameters read back from a stored hash, so a corrupt row cannot ask for gigabytes.
const MAX_LOG2_COST = 20;
const MAX_BLOCK_SIZE = 16;
const MAX_PARALLELIZATION = 4;

const STORED_FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([\w-]+)\$([\w-]+)$/;

function deriveKey(
  password: string,
  salt: Buffer,
  keyBytes: number,
  options: ScryptOptions & { N: number; r: number; p: number },
): Promise<Buffer> {
  // Node fails a run that needs more than maxmem, 32 MiB by default. N = 2^15 with r = 8 needs
  // 32 MiB plus OpenSSL's overhead, so the limit is set to twice the 128 * N * r * p bytes.
  const maxmem = 2 * 128 * options.N * options.r * options.p;
  // NFC makes the same password typed on different systems hash the same.
  const normalized = password.normalize('NFC');
  return new Promise((resolve, reject) => {
    scrypt(normalized, salt, keyBytes, { ...options, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a link password with scrypt and a random 16-byte salt. The result names its parameters:
 * `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>`.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const options = { N: 2 ** LOG2_COST, r: BLOCK_SIZE, p: PARALLELIZATION };
  const key = await deriveKey(password, salt, KEY_BYTES, options);
  const encoded = [salt, key].map((bytes) => bytes.toString('base64url'));
  return ['scrypt', LOG2_COST, BLOCK_SIZE, PARALLELIZATION, ...encoded].join('$');
}

/**
 * Checks a password against a hash from hashPassword, in time that does not depend on where the
 * keys differ. Throws when the stored value is not such a hash, because that means corrupt data
 * rather than a wrong password.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED_FORMAT.exec(stored);
  if (!match) throw new Error('stored password hash is not in the scrypt$N$r$p$salt$hash format');
  const [log2Cost, blockSize, parallelization] = match.slice(1, 4).map(Number);
  if (
    log2Cost < 1 ||
    log2Cost > MAX_LOG2_COST ||
    blockSize < 1 ||
    blockSize > MAX_BLOCK_SIZE ||
    parallelization < 1 ||
    parallelization > MAX_PARALLELIZATION
  ) {
    throw new Error(
      `stored password hash has scrypt parameters out of range: ` +
        `log2 N ${log2Cost}, r ${blockSize}, p ${parallelization}`,
    );
  }
  const salt = Buffer.from(match[4], 'base64url');
  const expected = Buffer.from(match[5], 'base64url');
  if (expected.length === 0) throw new Error('stored password hash has an empty key');
  const options = { N: 2 ** log2Cost, r: blockSize, p: parallelization };
  const actual = await deriveKey(password, salt, expected.length, options);
  return timingSafeEqual(actual, expected);
}
