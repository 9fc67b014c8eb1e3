import { DomainError } from '../errors/index.js';
import { hasExpired } from './link-expiry.js';
import {
  type LinkCreated,
  type LinkDenialReason,
  type LinkEvent,
  type LinkOptions,
} from './link-events.js';

/** A link folded from its own stream. */
export interface LinkState {
  readonly link: LinkCreated | null;
  readonly options: LinkOptions | null;
  readonly revoked: boolean;
  /** Downloads allowed while the link had a cap, which its stream records. */
  readonly downloads: number;
}

export function linkState(history: readonly LinkEvent[]): LinkState {
  let state: LinkState = { link: null, options: null, revoked: false, downloads: 0 };
  for (const event of history) {
    switch (event.type) {
      case 'LinkCreated':
        state = { ...state, link: event.data, options: event.data };
        break;
      case 'LinkOptionsChanged':
        state = { ...state, options: event.data };
        break;
      case 'LinkRevoked':
        state = { ...state, revoked: true };
        break;
      case 'LinkAccessed':
        if (event.data.action === 'download' && event.data.outcome === 'allowed') {
          state = { ...state, downloads: state.downloads + 1 };
        }
        break;
    }
  }
  return state;
}

export type LinkCommand =
  | { readonly type: 'CreateLink'; readonly link: LinkCreated }
  | { readonly type: 'ChangeLinkOptions'; readonly options: LinkOptions }
  | { readonly type: 'RevokeLink' };

function requireOptions(options: LinkOptions, target: LinkCreated['target']): void {
  if (options.access === 'upload' && target === 'file') {
    throw new DomainError('INVALID_ARGUMENT', 'a drop zone must be a folder or a share', {
      access: options.access,
    });
  }
  const limit = options.downloadLimit;
  if (limit !== null && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      'downloadLimit must be a whole number of at least 1',
      {
        downloadLimit: limit,
      },
    );
  }
}

/** Decides the life-cycle commands of a link against its history. */
export function decideLink(history: readonly LinkEvent[], command: LinkCommand): LinkEvent[] {
  const state = linkState(history);
  if (command.type === 'CreateLink') {
    if (state.link) throw new DomainError('ALREADY_EXISTS', `link ${command.link.linkId} exists`);
    requireOptions(command.link, command.link.target);
    return [{ type: 'LinkCreated', data: command.link }];
  }
  const link = state.link;
  if (!link) throw new DomainError('NOT_FOUND', 'link not found');
  if (command.type === 'RevokeLink') {
    return state.revoked ? [] : [{ type: 'LinkRevoked', data: { linkId: link.linkId } }];
  }
  if (state.revoked) {
    throw new DomainError('LINK_REVOKED', `link ${link.linkId} is revoked`, {
      linkId: link.linkId,
    });
  }
  requireOptions(command.options, link.target);
  return [{ type: 'LinkOptionsChanged', data: { ...command.options, linkId: link.linkId } }];
}

/**
 * Decides a download on a link's current stream: the reason it is denied, or null when it may
 * go ahead. Appending the allowed download at the revision this read is what makes a cap exact.
 */
export function downloadDenial(state: LinkState, now: Date): LinkDenialReason | null {
  if (!state.link || !state.options) return 'NOT_FOUND';
  if (state.revoked) return 'REVOKED';
  if (hasExpired(state.options.expiresAt, now)) return 'EXPIRED';
  const limit = state.options.downloadLimit;
  if (limit !== null && state.downloads >= limit) return 'DOWNLOAD_LIMIT_REACHED';
  return null;
}
