import { createHash } from 'node:crypto';

// Namespace of ScaiDrive's name-based ids (a random UUID fixed once).
const NAMESPACE = Buffer.from('3f0c6f5e9a8b4d2c8e71b2a4c6d8e0f1', 'hex');

/**
 * Returns the RFC 9562 version 5 UUID of a name, so provisioning the same tenant, user or drive
 * twice, even from two servers at once, lands on the same stream.
 */
export function nameBasedId(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
