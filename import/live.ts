/**
 * What `import` reads from live AWS, before any judgement: the identity account's groups with
 * their policies, and in each member account the roles (with trust, policies, boundary, session,
 * path, tags), the customer managed policies they use and the OIDC providers. Plain data, so the
 * mapping (map.ts) is tested on JSON without AWS.
 */

/** An IAM policy document, parsed. */
export interface LiveDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: readonly Record<string, unknown>[] | Record<string, unknown>;
}

export interface LiveNamedDocument {
  readonly name: string;
  readonly document: LiveDocument;
}

export interface LiveAttachedPolicy {
  readonly arn: string;
  readonly name: string;
  /** The default version's document (read for customer managed policies and for the identity account's group policies). */
  readonly document?: LiveDocument;
}

export interface LiveGroup {
  readonly name: string;
  readonly path: string;
  readonly inlinePolicies: readonly LiveNamedDocument[];
  readonly attachedPolicies: readonly LiveAttachedPolicy[];
}

export interface LiveRole {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  readonly trustPolicy: LiveDocument;
  readonly maxSessionDuration: number;
  readonly permissionsBoundary?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly attachedPolicies: readonly LiveAttachedPolicy[];
  readonly inlinePolicies: readonly LiveNamedDocument[];
}

export interface LiveCustomerPolicy {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly description?: string;
  readonly document: LiveDocument;
}

export interface LiveOidcProvider {
  readonly arn: string;
  /** The issuer's host and path, as IAM names the provider (no scheme). */
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
}

export interface LiveAccount {
  /** The account's key in the org file (a-z, 0-9, -). */
  readonly key: string;
  readonly accountId: string;
  readonly roles: readonly LiveRole[];
  /** Customer managed policies of this account that its roles attach or use as boundary, by ARN. */
  readonly customerPolicies: Readonly<Record<string, LiveCustomerPolicy>>;
  readonly oidcProviders: readonly LiveOidcProvider[];
  /** Roles not read, and why: AWS's own (service-linked, Identity Center's) and the deployment role. */
  readonly skipped?: readonly { readonly name: string; readonly path: string; readonly why: string }[];
}

/** A role of the identity account, with the documents of its policies: who there could use a trust of the whole account. */
export interface LiveIdentityRole {
  readonly name: string;
  readonly arn: string;
  readonly policies: readonly LiveDocument[];
}

export interface LiveIdentity {
  readonly accountId: string;
  readonly groups: readonly LiveGroup[];
  /** Its roles (not AWS's own), when read: a trust of the whole identity account lets them in too. */
  readonly roles?: readonly LiveIdentityRole[];
}

/** An account that could not be read, and why (the AWS error). */
export interface AccountFailure {
  readonly key: string;
  readonly accountId: string;
  readonly error: string;
}

export interface LiveEstate {
  readonly identity: LiveIdentity;
  readonly accounts: readonly LiveAccount[];
}

/** `arn:aws:iam::123456789012:role/path/Name` -> 123456789012. */
export const accountOfArn = (arn: string): string | undefined => /^arn:aws:iam::(\d{12}):/.exec(arn)?.[1];

/** Statements of a document, as a list. */
export const statementsOf = (doc: LiveDocument): Record<string, unknown>[] => (Array.isArray(doc.Statement) ? [...doc.Statement] : [doc.Statement as Record<string, unknown>]);

/** A policy element that is one value or a list, as a list of strings. */
export const listOf = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
