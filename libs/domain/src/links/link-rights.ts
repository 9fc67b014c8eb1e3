import { type RightName } from '../acl/rights.js';
import { type LinkAccess } from './link-events.js';

/**
 * The right a link's creator must hold on a node for the link to use it: CREATE on a drop zone's
 * folder, LIST on a folder it shows and READ on a file it shows or hands out.
 */
export function linkRight(access: LinkAccess, kind: 'file' | 'folder'): RightName {
  if (access === 'upload') return 'CREATE';
  return kind === 'folder' ? 'LIST' : 'READ';
}
