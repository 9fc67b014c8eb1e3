import { Injectable } from '@nestjs/common';
import { type ConflictStrategy } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';

/** Strategy used when neither the request nor the tenant names one. */
export const DEFAULT_CONFLICT_STRATEGY: ConflictStrategy = 'KEEP_BOTH';

/**
 * Chooses the conflict strategy of a commit that names none: the share's, then the tenant's,
 * then KEEP_BOTH, which never discards either edit.
 */
@Injectable()
export class ConflictPolicy {
  // TODO: read the share's and the tenant's configured strategies once shares and tenant settings
  // exist; until then every drive uses the default.
  defaultStrategy(_principal: Principal): ConflictStrategy {
    return DEFAULT_CONFLICT_STRATEGY;
  }
}
