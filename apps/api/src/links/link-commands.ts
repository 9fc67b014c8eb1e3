import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  decideLink,
  DomainError,
  type LinkEvent,
  linkRight,
  linkState,
  linkStreamId,
  type LinkTargetKind,
} from '@scaidrive/domain';
import { type NodeRow } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';
import { DriveAccess } from '../files/drive-access.js';
import { StreamCommandRunner } from '../sharing/stream-command-runner.js';
import { hashPassword } from './credentials/password-hasher.js';
import { LinkQueries } from './link-queries.js';
import { type CreateLinkDto, type LinkOptionsDto } from './link-options.dto.js';
import { DEFAULT_OPTIONS, mergeOptions } from './link-options.js';

/** Bytes of randomness in a link token: 256 bits, far past what guessing can reach. */
const TOKEN_BYTES = 32;

/** SHA-256 of a link token, the only form in which the server keeps it. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface LinkTarget {
  readonly node: NodeRow;
  readonly kind: LinkTargetKind;
  readonly shareId: string | null;
}

/** Creates, changes and revokes external links on their own streams. */
@Injectable()
export class LinkCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
    private readonly runner: StreamCommandRunner,
    private readonly queries: LinkQueries,
  ) {}

  /** Creates a link and returns its id with the token, which nothing stores in clear. */
  async create(principal: Principal, body: CreateLinkDto): Promise<{ id: string; token: string }> {
    const target = await this.target(principal, body);
    const now = new Date();
    const password = body.password ? await hashPassword(body.password) : null;
    const options = mergeOptions(DEFAULT_OPTIONS, body, password, now);
    if (options.access === 'upload' && target.node.kind === 'file') {
      throw new DomainError('INVALID_ARGUMENT', 'a drop zone must be a folder or a share', {
        nodeId: target.node.id,
      });
    }
    // The creator needs now what the link will need at every visit.
    await this.access.requireNode(principal, target.node.id, {
      right: linkRight(options.access, target.node.kind),
    });
    const linkId = randomUUID();
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    await this.runner.run<LinkEvent>(principal, linkStreamId(linkId), (history) =>
      decideLink(history, {
        type: 'CreateLink',
        link: {
          ...options,
          linkId,
          tokenHash: tokenHash(token),
          target: target.kind,
          treeId: target.node.tree_id,
          nodeId: target.node.id,
          shareId: target.shareId,
          createdBy: principal.userId,
        },
      }),
    );
    return { id: linkId, token };
  }

  async update(principal: Principal, linkId: string, body: LinkOptionsDto): Promise<void> {
    await this.queries.link(principal, linkId);
    const now = new Date();
    const password =
      body.password === undefined || body.password === null
        ? body.password
        : await hashPassword(body.password);
    await this.runner.run<LinkEvent>(principal, linkStreamId(linkId), (history) => {
      const current = linkState(history).options ?? DEFAULT_OPTIONS;
      const options = mergeOptions(current, body, password, now);
      return decideLink(history, { type: 'ChangeLinkOptions', options });
    });
  }

  async revoke(principal: Principal, linkId: string): Promise<void> {
    await this.queries.link(principal, linkId);
    await this.runner.run<LinkEvent>(principal, linkStreamId(linkId), (history) =>
      decideLink(history, { type: 'RevokeLink' }),
    );
  }

  private async target(principal: Principal, body: CreateLinkDto): Promise<LinkTarget> {
    if ((body.nodeId === undefined) === (body.shareId === undefined)) {
      throw new DomainError('INVALID_ARGUMENT', 'a link needs nodeId or shareId, and not both');
    }
    if (body.shareId !== undefined) {
      const rows: { root_id: string; tree_id: string }[] = await this.dataSource.query(
        'SELECT root_id, tree_id FROM shares WHERE id = $1 AND tenant_id = $2',
        [body.shareId, principal.tenantId],
      );
      const share = rows[0];
      if (!share || !(await this.access.grant(principal, share.tree_id))) {
        throw new DomainError('NOT_FOUND', `share ${body.shareId} not found`, {
          shareId: body.shareId,
        });
      }
      const node = await this.access.requireNode(principal, share.root_id);
      return { node, kind: 'share', shareId: body.shareId };
    }
    const node = await this.access.requireNode(principal, body.nodeId!);
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM shares WHERE tree_id = $1',
      [node.tree_id],
    );
    return { node, kind: node.kind, shareId: rows[0]?.id ?? null };
  }
}
