/**
 * Each role's trust and placement: MFA settings that apply to someone, principals that are IAM
 * ARNs (never people of the identity account directly; an external id for those outside the org),
 * and an account to live in. `roleWarnings` says what is allowed but likely not what was meant.
 */
import { parseIamPrincipalArn } from '../../policy/arn';
import type { OrgIssue } from '../errors';
import { AssumerModel, DEFAULT_MAX_SESSION_SECONDS, OrgModel } from '../model';
import { assumerGrants, CheckContext } from './context';

/** Accounts a warning names before it counts the rest. */
const MAX_NAMED_ACCOUNTS = 20;

export function roleIssues(ctx: CheckContext): OrgIssue[] {
  const { file, orgAccountIds, roleAccounts } = ctx;
  const issues: OrgIssue[] = [];
  // mfaMaxAgeSeconds is for people: IAM users, who reach roles through groups.
  const grantedToGroups = new Set(ctx.assumerEntries.filter((e) => e.section === 'groups').flatMap((e) => assumerGrants(ctx, e).grants.map((g) => g.role)));
  for (const [name, role] of Object.entries(file.roles ?? {})) {
    const trust = role.trust ?? {};
    const base = ['roles', name];
    if (trust.mfaMaxAgeSeconds !== undefined && !(trust.mfa ?? true)) {
      issues.push({ path: [...base, 'trust', 'mfaMaxAgeSeconds'], message: 'is set but trust.mfa is false. Fix: remove mfaMaxAgeSeconds, or set mfa: true.' });
    }
    (trust.principals ?? []).forEach((value, i) => {
      const parsed = parseIamPrincipalArn(value);
      if (!parsed) {
        issues.push({ path: [...base, 'trust', 'principals', i], message: `"${value}" is not an IAM role, user or account ARN. Fix: write it like arn:aws:iam::999999999999:role/Name (no wildcards).` });
        return;
      }
      if (parsed.accountId === file.identity.accountId && parsed.kind !== 'role') {
        const who = parsed.kind === 'root' ? 'the whole identity account (every IAM user and role in it)' : 'an IAM user of the identity account, a person';
        issues.push({
          path: [...base, 'trust', 'principals', i],
          message: `${value} is ${who}; people in the identity account reach roles only through groups, with MFA as the role's trust requires, never by a weaker direct trust. Fix: remove it here and grant the role to a group under groups (put the user in that group); a role of the identity account (e.g. a CI workload) may be named here instead.`,
        });
        return;
      }
      if (!orgAccountIds.has(parsed.accountId) && trust.externalId === undefined) {
        issues.push({
          path: [...base, 'trust', 'principals', i],
          message: `${value} is outside the org (account ${parsed.accountId} is not named in this file) and needs an external id against the confused-deputy problem. Fix: add trust.externalId with the id agreed with that party.`,
        });
      }
    });
    if (trust.mfaMaxAgeSeconds !== undefined && !grantedToGroups.has(name)) {
      issues.push({ path: [...base, 'trust', 'mfaMaxAgeSeconds'], message: 'applies to people, but no group grants this role. Fix: remove it, or grant the role to a group.' });
    }
    if ((roleAccounts.get(name) ?? []).length === 0 && role.accounts === undefined) {
      issues.push({ path: base, at: 'key', message: 'lives in no account: it has no accounts key and no group grants it. Fix: add accounts: [..] or "*", or grant it under groups.' });
    }
  }
  return issues;
}

/** What a valid file allows but likely does not mean, read from the model the file resolved to. */
export function roleWarnings(model: Omit<OrgModel, 'warnings'>, { file }: CheckContext): OrgIssue[] {
  const warnings: OrgIssue[] = [];
  const grantedToGroups = new Set(model.groups.flatMap((g) => g.grants.map((x) => x.role)));
  const assumedBy = new Map<string, AssumerModel[]>();
  for (const a of model.assumers) for (const g of a.grants) if (!assumedBy.get(g.role)?.includes(a)) assumedBy.set(g.role, [...(assumedBy.get(g.role) ?? []), a]);
  for (const role of model.roles) {
    const { name, trust } = role;
    const fileTrust = file.roles?.[name]?.trust ?? {};
    const base = ['roles', name];
    const principals = trust.principals;
    const granted = grantedToGroups.has(name);
    const others = (assumedBy.get(name) ?? []).filter((a) => a.kind !== 'iam-group');
    if (trust.externalId !== undefined && principals.length === 0) {
      warnings.push({
        path: [...base, 'trust', 'externalId'],
        message: 'applies to the principals of trust.principals only (third parties and CI), and this role names none: no one is asked for it. Fix: remove externalId, or list the principals that must pass it.',
      });
    }
    const federated = others.filter((a) => a.kind === 'permission-set' || a.kind === 'saml-role');
    if (fileTrust.mfa === true && !granted && federated.length > 0) {
      warnings.push({
        path: [...base, 'trust', 'mfa'],
        message: `applies to IAM users in groups only, and no group grants this role: ${federated.map((a) => `${a.section}.${a.name}`).join(', ')} sign in through an identity provider, which AWS sets no MFA key for. Fix: require MFA in the identity provider (Identity Center or the SAML IdP), and remove trust.mfa here.`,
      });
    }
    // Role chaining: a session assumed from a role session lasts 1 hour at most, whatever the role allows.
    const chainedOnly = !granted && (others.length > 0 || principals.length > 0) && others.every((a) => a.principal.chained) && principals.every((p) => p.principal.kind === 'role');
    if (chainedOnly && role.maxSessionDuration > DEFAULT_MAX_SESSION_SECONDS) {
      const who = [...others.map((a) => `${a.section}.${a.name}`), ...principals.map((p) => p.principal.arn)];
      warnings.push({
        path: [...base, 'maxSessionDuration'],
        message: `is ${role.maxSessionDuration} seconds, but only role sessions assume this role (${who.join(', ')}): AWS caps a session assumed from another role's session at 1 hour (role chaining), so no one gets more. Fix: set maxSessionDuration to 3600, or grant the role to a group whose people need longer sessions.`,
      });
    }
    // Per account, a role that nothing grants there trusts the identity account's people, as a role
    // granted to no one does (org/render.ts): said for every such account of a role granted somewhere.
    if (principals.length === 0 && (granted || others.length > 0)) {
      const grantedIn = new Set((assumedBy.get(name) ?? []).flatMap((a) => a.grants.filter((g) => g.role === name).map((g) => g.account)));
      const bare = role.accountKeys.filter((k) => !grantedIn.has(k));
      if (bare.length > 0) {
        // A large org can leave thousands of accounts bare: name the first ones and count the rest.
        const named = bare.length <= MAX_NAMED_ACCOUNTS ? bare.join(', ') : `${bare.slice(0, MAX_NAMED_ACCOUNTS).join(', ')} and ${bare.length - MAX_NAMED_ACCOUNTS} more`;
        warnings.push({
          path: [...base, 'accounts'],
          message: `places the role in ${named}, where nothing grants it: there its trust falls back to the identity account's IAM users${trust.mfa ? ' (with MFA)' : ''}, as for a role granted to no one, and only those whose own policy allows it could assume it. Fix: grant it there, or remove ${bare.length <= MAX_NAMED_ACCOUNTS ? named : 'them'} from roles.${name}.accounts.`,
        });
      }
    }
  }
  return warnings;
}
