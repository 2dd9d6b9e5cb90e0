import { roleArn } from '../policy/arn';
import { findAccount, isWebIdentity, rolesIn } from './lookup';
import type { OrgModel, WebIdentityModel } from './model';

/** The tags every resource of a stack carries (the provider's default tags). */
export function stackDefaultTags(
  model: OrgModel,
  stackName: string,
  environment?: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    ManagedBy: 'cross-account-iam',
    Organization: model.organization,
    Stack: stackName,
    ...(environment ? { Environment: environment } : {}),
    ...extra,
  };
}

/**
 * Stacks that must be deployed before others: an account stack whose role trusts, by ARN, a role
 * this app creates in another account depends on that account's stack. (Trust goes through the
 * account root plus aws:PrincipalArn, so the order rarely matters; it is still kept.)
 */
export function stackDependencies(model: OrgModel): Map<string, string[]> {
  const createdBy = new Map<string, string>();
  for (const role of model.roles) for (const key of role.accountKeys) createdBy.set(roleArn(findAccount(model, key).accountId, role.name, role.path), key);
  const deps = new Map<string, string[]>();
  for (const role of model.roles) {
    for (const key of role.accountKeys) {
      for (const p of role.trust.principals) {
        const other = createdBy.get(p.principal.arn);
        if (other && other !== key && !deps.get(key)?.includes(other)) deps.set(key, [...(deps.get(key) ?? []), other]);
      }
    }
  }
  return deps;
}

/** One OIDC provider of an account: its issuer, the audiences of every entry using it there, and how it is had. */
export interface OidcProviderLayout {
  readonly issuerUrl: string;
  readonly issuerHostPath: string;
  readonly audiences: readonly string[];
  readonly thumbprints: readonly string[];
  readonly mode: 'create' | 'existing' | 'adopt';
  /** The first entry of the issuer granted a role there (where a message about the provider points). */
  readonly firstEntry: WebIdentityModel;
}

/** The OIDC providers an account needs: one per issuer whose workloads are granted a role there. */
export function oidcProvidersIn(model: OrgModel, accountKey: string): OidcProviderLayout[] {
  const roles = new Set(rolesIn(model, accountKey).map((r) => r.name));
  const byIssuer = new Map<string, { entries: WebIdentityModel[] }>();
  for (const a of model.assumers) {
    if (!isWebIdentity(a)) continue;
    if (!a.grants.some((g) => g.account === accountKey && roles.has(g.role))) continue;
    const key = a.principal.issuerHostPath;
    byIssuer.set(key, { entries: [...(byIssuer.get(key)?.entries ?? []), a] });
  }
  return [...byIssuer.entries()].map(([issuerHostPath, { entries }]) => ({
    issuerUrl: entries[0].principal.issuerUrl,
    issuerHostPath,
    audiences: [...new Set(entries.flatMap((e) => e.principal.audiences))].sort(),
    thumbprints: [...new Set(entries.flatMap((e) => e.thumbprints.map((t) => t.toLowerCase())))],
    mode: entries[0].oidcProvider,
    firstEntry: entries[0],
  }));
}
