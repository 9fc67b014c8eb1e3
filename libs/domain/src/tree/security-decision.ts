import { isDeepStrictEqual } from 'node:util';
import { assertValidSecurity } from '../acl/validate-security.js';
import { type DriveEvent } from '../events/drive-events.js';
import { requireNode } from './tree-rules.js';
import { type SetNodeSecurity } from './tree.commands.js';
import { type TreeState } from './tree.state.js';

/** Sets a live node's security; setting what it already has changes nothing. */
export function decideSetSecurity(state: TreeState, command: SetNodeSecurity): DriveEvent[] {
  const node = requireNode(state, command.nodeId);
  assertValidSecurity(node.kind, command.security);
  if (isDeepStrictEqual(node.security, command.security)) return [];
  return [
    {
      type: 'NodeSecuritySet',
      data: { nodeId: node.id, security: command.security, previous: node.security },
    },
  ];
}
