import { AddTenantSettings1765152000000 } from './1765152000000-add-tenant-settings.js';
import { AddTrash1765065600000 } from './1765065600000-add-trash.js';
import { AddRetention1765238400000 } from './1765238400000-add-retention.js';
import { AddSharing1765324800000 } from './1765324800000-add-sharing.js';
import { AddNodeSecurity1765411200000 } from './1765411200000-add-node-security.js';
import { AddTenantStatus1765497600000 } from './1765497600000-add-tenant-status.js';
import { AddShareConflictStrategy1765584000000 } from './1765584000000-add-share-conflict-strategy.js';
import { AddStorageQuotas1765670400000 } from './1765670400000-add-storage-quotas.js';
import { AddUserStatus1765756800000 } from './1765756800000-add-user-status.js';
import { AddEmbeddingBudgets1765843200000 } from './1765843200000-add-embedding-budgets.js';
import { AddLinks1765929600000 } from './1765929600000-add-links.js';
import { CreateReadModels1764806400000 } from './1764806400000-create-read-models.js';
import { CreateConflicts1764979200000 } from './1764979200000-create-conflicts.js';
import { CreateIdempotencyKeys1764892800000 } from './1764892800000-create-idempotency-keys.js';
import { AddLinkCredentials1766016000000 } from './1766016000000-add-link-credentials.js';

/** Every migration in the order they apply. */
export const MIGRATIONS = [
  CreateReadModels1764806400000,
  CreateIdempotencyKeys1764892800000,
  CreateConflicts1764979200000,
  AddTrash1765065600000,
  AddTenantSettings1765152000000,
  AddRetention1765238400000,
  AddSharing1765324800000,
  AddNodeSecurity1765411200000,
  AddTenantStatus1765497600000,
  AddShareConflictStrategy1765584000000,
  AddStorageQuotas1765670400000,
  AddUserStatus1765756800000,
  AddEmbeddingBudgets1765843200000,
  AddLinks1765929600000,
  AddLinkCredentials1766016000000,
];
