import { type RetentionPolicy } from '../events/drive-events.js';
import { DomainError } from '../errors/domain-error.js';

/** Inclusive bounds of each field of a retention policy. */
export const RETENTION_LIMITS = {
  keepVersions: { min: 1, max: 1000 },
  keepDays: { min: 1, max: 36500 },
  trashDays: { min: 1, max: 36500 },
} as const;

/**
 * Policy of a drive whose owner never set one: every version for 30 days after it stopped being
 * the head, the head always, and trash items for 30 days.
 */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  keepVersions: null,
  keepDays: 30,
  trashDays: 30,
};

function requireWithin(field: keyof typeof RETENTION_LIMITS, value: number | null): void {
  if (value === null) return;
  const { min, max } = RETENTION_LIMITS[field];
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `${field} must be a whole number from ${min} to ${max}, got ${String(value)}`,
      { field, value, min, max },
    );
  }
}

/** Throws INVALID_ARGUMENT, naming the field, unless every field is within RETENTION_LIMITS. */
export function requireValidRetentionPolicy(policy: RetentionPolicy): void {
  requireWithin('keepVersions', policy.keepVersions);
  requireWithin('keepDays', policy.keepDays);
  if (policy.trashDays === null) {
    throw new DomainError('INVALID_ARGUMENT', 'trashDays is required', { field: 'trashDays' });
  }
  requireWithin('trashDays', policy.trashDays);
}

export function sameRetentionPolicy(a: RetentionPolicy, b: RetentionPolicy): boolean {
  return (
    a.keepVersions === b.keepVersions && a.keepDays === b.keepDays && a.trashDays === b.trashDays
  );
}
