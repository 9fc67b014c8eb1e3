/** Claims of a verified token that identify the caller. */
export interface VerifiedClaims {
  readonly issuer: string;
  readonly subject: string;
  readonly tenant: string;
  readonly name: string;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  /** Partner that contains the tenant, when the token names one. */
  readonly partner: string | null;
}
