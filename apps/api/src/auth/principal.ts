import { type Actor } from '@scaidrive/domain';

/** The authenticated caller of a request, resolved from a verified token. */
export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly driveId: string;
  readonly rootFolderId: string;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  /** Partner named by the token, which is not stored with the tenant. */
  readonly partner: string | null;
  /**
   * Actor the events record when it is not the user: an external link acting with its creator's
   * rights, for example.
   */
  readonly actor?: Actor;
}
