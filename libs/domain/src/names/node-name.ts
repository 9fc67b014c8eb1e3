import { DomainError } from '../errors/domain-error.js';

/** Longest name in UTF-8 bytes; the limit of ext4, XFS and APFS file names. */
export const MAX_NAME_BYTES = 255;

/** Longest path below a drive's root, in UTF-8 bytes; Linux's PATH_MAX. */
export const MAX_PATH_BYTES = 4096;

// eslint-disable-next-line no-control-regex -- control characters are what it rejects
const FORBIDDEN_CHARACTERS = /[<>:"/\\|?*\u0000-\u001f\u007f]/u;

// Windows reserves these device names with any extension and in any case.
const RESERVED_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/iu;

/**
 * Normalizes a file or folder name to Unicode NFC and rejects names that a Windows, macOS or Linux
 * client cannot store, so that every client can hold every file of a drive.
 */
export function normalizeName(raw: string): string {
  const name = raw.normalize('NFC');
  const reject = (reason: string): never => {
    throw new DomainError('INVALID_NAME', `invalid name ${JSON.stringify(raw)}: ${reason}`, {
      name: raw,
      reason,
    });
  };
  if (name.length === 0) reject('the name is empty');
  // A lone UTF-16 surrogate has no UTF-8 form, so no client file system or JSON store takes it.
  if (!name.isWellFormed()) reject('the name contains an unpaired UTF-16 surrogate');
  if (name === '.' || name === '..') reject('. and .. are not names');
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) {
    reject(`the name is longer than ${MAX_NAME_BYTES} bytes in UTF-8`);
  }
  const forbidden = FORBIDDEN_CHARACTERS.exec(name);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0)!.toString(16).padStart(4, '0');
    reject(`the character U+${code} is not allowed in names`);
  }
  if (/[. ]$/u.test(name)) reject('a name cannot end with a dot or a space');
  if (RESERVED_DEVICE_NAME.test(name)) reject('the name is reserved for a device on Windows');
  return name;
}

/**
 * Returns the key under which a name is unique within its folder: NFC, and case-folded unless the
 * drive is case-sensitive, because Windows and macOS clients cannot hold two names that differ
 * only in case or normalization.
 */
export function nameKey(name: string, caseSensitive = false): string {
  const normalized = name.normalize('NFC');
  return caseSensitive ? normalized : normalized.toLowerCase();
}
