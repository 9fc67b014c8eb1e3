import { DomainError } from '../errors/domain-error.js';

const MAX_LABEL_LENGTH = 255;

/**
 * Normalizes the name of a group or a share to NFC without surrounding spaces, and rejects empty,
 * over-long and control-character names, which would be unreadable in every client.
 */
export function validateLabel(raw: string, what: string): string {
  const name = raw.normalize('NFC').trim();
  if (name.length === 0) throw new DomainError('INVALID_NAME', `the ${what} is empty`);
  if (name.length > MAX_LABEL_LENGTH) {
    throw new DomainError(
      'INVALID_NAME',
      `the ${what} is longer than ${MAX_LABEL_LENGTH} characters`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    throw new DomainError('INVALID_NAME', `the ${what} contains a control character`);
  }
  return name;
}
