/**
 * How people and workloads sign in: a SAML role's provider is the identity account's; an OIDC
 * entry's subjects do not let in every workload of its issuer; the entries of one issuer agree on
 * whether the app creates its OIDC provider (one per issuer and account); thumbprints are set only
 * where the provider is made.
 */
import { oidcIssuerHostPath, samlProviderArn } from '../../policy/arn';
import { GITHUB_ACTIONS_ISSUER } from '../../policy/assumers';
import type { OrgIssue } from '../errors';
import type { OrgFile } from '../schema';
import type { CheckContext } from './context';

type OidcEntry = NonNullable<OrgFile['oidc']>[string];

export function identityProviderIssues({ file }: CheckContext): OrgIssue[] {
  const issues: OrgIssue[] = [];
  const identityId = file.identity.accountId;
  for (const [name, saml] of Object.entries(file.samlRoles ?? {})) {
    const arn = /^arn:/.test(saml.provider) ? saml.provider : samlProviderArn(identityId, saml.provider);
    if (!arn.startsWith(`arn:aws:iam::${identityId}:`)) {
      issues.push({ path: ['samlRoles', name, 'provider'], message: `${saml.provider} is a SAML provider of another account; people sign in to the identity account ${identityId}, whose role the app creates. Fix: name the identity account's SAML provider (its name, e.g. Okta, or arn:aws:iam::${identityId}:saml-provider/Okta).` });
    }
  }
  // One OIDC provider per issuer and account: every entry of an issuer must agree on how it is had.
  const providerModes = new Map<string, { mode: string; where: string }>();
  const checkProviderMode = (section: string, name: string, issuerUrl: string, mode: string) => {
    const host = oidcIssuerHostPath(issuerUrl);
    const other = providerModes.get(host);
    if (other && other.mode !== mode) {
      issues.push({ path: [section, name, 'oidcProvider'], message: `is ${mode}, but ${other.where}.oidcProvider is ${other.mode} for the same issuer ${host}; an account has one OIDC provider per issuer. Fix: give both the same oidcProvider.` });
    }
    if (!other) providerModes.set(host, { mode, where: `${section}.${name}` });
  };
  for (const [name, gh] of Object.entries(file.githubActions ?? {})) {
    checkProviderMode('githubActions', name, GITHUB_ACTIONS_ISSUER, gh.oidcProvider ?? 'create');
  }
  for (const [name, o] of Object.entries(file.oidc ?? {})) {
    const open = openSubject(o);
    if (open) {
      // Reported alone: the entry's other checks (here and its grants) wait until it is fixed.
      issues.push({ path: ['oidc', name, 'subjects', open.index], message: open.message });
      continue;
    }
    const mode = o.oidcProvider ?? 'create';
    checkProviderMode('oidc', name, o.issuer, mode);
    if (mode === 'existing' && o.thumbprints !== undefined) {
      issues.push({ path: ['oidc', name, 'thumbprints'], message: 'apply only to an OIDC provider the app creates or adopts, and oidcProvider is existing (made elsewhere). Fix: remove thumbprints here and set them where the provider is made, or set oidcProvider: create.' });
    }
  }
  return issues;
}

/** A sub of GitHub's tokens that names no owner: a wildcard in its first part, or in the owner of `repo:`/`repository:` or the `repository_owner[_id]`/`repository_id` of a customized sub. */
const anyGitHubOwner = (sub: string) => /^[^:]*[*?]|^(?:repo|repository):[^/:]*[*?]|^(?:repository_owner|repository_owner_id|repository_id):[^:]*[*?]/.test(sub);

/** The first subject of an OIDC entry that lets in workloads of anyone, and why; undefined when there is none. */
export function openSubject(o: OidcEntry): { index: number; message: string } | undefined {
  const wildcard = o.subjects.findIndex((sub) => /^[*?]*$/.test(sub));
  if (wildcard >= 0) {
    return {
      index: wildcard,
      message: `"${o.subjects[wildcard]}" matches every subject: any workload that can get a token from ${o.issuer} could assume the role. Fix: list the exact sub claims that may assume, e.g. project_path:acme/infra:ref_type:branch:ref:main.`,
    };
  }
  // GitHub's issuer serves every repository on GitHub: a sub whose owner is a wildcard lets in anyone's workflow.
  const anyOwner = oidcIssuerHostPath(o.issuer) === oidcIssuerHostPath(GITHUB_ACTIONS_ISSUER) ? o.subjects.findIndex(anyGitHubOwner) : -1;
  if (anyOwner >= 0) {
    return {
      index: anyOwner,
      message: `"${o.subjects[anyOwner]}" lets in repositories of any GitHub owner: anyone's workflow on GitHub could get such a token and assume the role. Fix: name the owner, e.g. repo:acme/*:ref:refs/heads/main, or use githubActions with repository: owner/name.`,
    };
  }
  return undefined;
}
