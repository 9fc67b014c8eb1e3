import { ConflictsProjection } from './conflicts/conflicts.projection.js';
import { DriveTreeProjection } from './drive-tree/drive-tree.projection.js';
import { FileVersionsProjection } from './file-versions/file-versions.projection.js';
import { IdentityProjection } from './identity/identity.projection.js';
import { LinksProjection } from './links/links.projection.js';
import { type Projection } from './runtime/projection.js';
import { SharingProjection } from './sharing/sharing.projection.js';
import { UsageProjection } from './usage/usage.projection.js';

export * from './runtime/projection.js';
export * from './runtime/projection-runner.js';
export * from './runtime/read-model-waiter.js';
export * from './runtime/checkpoint-store.js';
export * from './drive-tree/node-view.js';
export {
  ConflictsProjection,
  DriveTreeProjection,
  FileVersionsProjection,
  IdentityProjection,
  LinksProjection,
  SharingProjection,
  UsageProjection,
};
export { spendScopes, storageScopes } from './usage/storage-scopes.js';
export { FEED_CHANNEL } from './drive-tree/drive-tree.projection.js';

/** Every projection the worker runs. */
export function createProjections(): Projection[] {
  return [
    new IdentityProjection(),
    new DriveTreeProjection(),
    new FileVersionsProjection(),
    new ConflictsProjection(),
    new SharingProjection(),
    new UsageProjection(),
    new LinksProjection(),
  ];
}
export * from './runtime/projection-lease.js';
export * from './runtime/projection-rebuild.js';
