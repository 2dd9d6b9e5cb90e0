/**
 * Reads a live role's trust policy into what the org file can say, statement by statement, or
 * says why it cannot: every statement must be one the app itself would write for some org file
 * (or the same access in another form, such as the console's `arn:aws:iam::<id>:root`), with no
 * condition the org file has no key for. Nothing is rounded: one statement that does not fit and
 * the role is left out, with every reason.
 */
import { LiveDocument, listOf, statementsOf } from './live';

export interface PeopleTrust {
  readonly mfa: boolean;
  readonly mfaMaxAgeSeconds?: number;
  readonly orgId?: string;
  readonly sourceIps?: readonly string[];
  /** The statement names the identity account's IAM users only (`aws:PrincipalArn` user/*), as the app writes it. */
  readonly usersOnly: boolean;
}

export interface NamedTrust {
  /** A role or user ARN, or an account root ARN. */
  readonly arn: string;
  readonly externalId?: string;
  readonly orgId?: string;
  readonly sourceIps?: readonly string[];
}

export interface WebIdentityTrust {
  /** The issuer's host and path (the provider's name in IAM). */
  readonly host: string;
  readonly providerArn: string;
  readonly audiences: readonly string[];
  readonly subjects: readonly string[];
  readonly sourceIps?: readonly string[];
}

export interface TrustReading {
  readonly people?: PeopleTrust;
  readonly named: readonly NamedTrust[];
  readonly web: readonly WebIdentityTrust[];
}

/** Why a trust cannot be said by the org file: one line per statement that does not fit. */
export type TrustProblems = readonly string[];

type Conditions = Map<string, Map<string, { key: string; values: string[] }>>;

/** Condition blocks with keys compared case-insensitively (as IAM does), values as strings. */
function conditionsOf(statement: Record<string, unknown>): Conditions {
  const out: Conditions = new Map();
  const block = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  for (const [op, keys] of Object.entries(block)) {
    const m = new Map<string, { key: string; values: string[] }>();
    for (const [key, value] of Object.entries(keys ?? {})) m.set(key.toLowerCase(), { key, values: listOf(value) });
    out.set(op, m);
  }
  return out;
}

/** Takes one condition out of `c` (so what is left over is what the org file cannot say). */
function take(c: Conditions, ops: readonly string[], key: string): { op: string; values: string[] } | undefined {
  for (const op of ops) {
    const found = c.get(op)?.get(key.toLowerCase());
    if (found) {
      c.get(op)!.delete(key.toLowerCase());
      if (c.get(op)!.size === 0) c.delete(op);
      return { op, values: found.values };
    }
  }
  return undefined;
}

const leftOver = (c: Conditions) => [...c].flatMap(([op, keys]) => [...keys.values()].map((k) => `${op} ${k.key} ${JSON.stringify(k.values.length === 1 ? k.values[0] : k.values)}`));
const WILDCARD = /[*?]/;
const sid = (s: Record<string, unknown>, i: number) => (typeof s.Sid === 'string' && s.Sid ? `statement ${s.Sid}` : `statement ${i + 1}`);

/** `arn:aws:iam::<id>:root`, or the bare account id IAM also takes, as the root ARN. */
function rootOf(principal: string): string | undefined {
  const id = /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:aws:iam::(\d{12}):root$/.exec(principal)?.[1];
  return id ? `arn:aws:iam::${id}:root` : undefined;
}

/**
 * Reads `trust` of a role in `accountId`. `identityAccountId` is the hub: a statement trusting its
 * root is the people's statement (users, and, in a hand-made trust, its roles too).
 */
export function readTrust(trust: LiveDocument, identityAccountId: string, accountId: string): { reading?: TrustReading; problems: TrustProblems } {
  const problems: string[] = [];
  let people: PeopleTrust | undefined;
  const named: NamedTrust[] = [];
  const web: WebIdentityTrust[] = [];
  const identityRoot = `arn:aws:iam::${identityAccountId}:root`;
  statementsOf(trust).forEach((s, i) => {
    const where = sid(s, i);
    const bad = (why: string): void => void problems.push(`${where}: ${why}`);
    if (s.Effect !== 'Allow') return bad(`a ${String(s.Effect)} statement: the org file writes Deny statements into trusts only for permission sets`);
    if (s.NotPrincipal !== undefined) return bad('NotPrincipal: the org file names who is trusted, never who is not');
    if (s.NotAction !== undefined) return bad('NotAction: the org file allows named STS actions only');
    if (s.Principal === '*' ) return bad('Principal "*": any principal of any account');
    const principal = (s.Principal ?? {}) as Record<string, unknown>;
    const kinds = Object.keys(principal);
    const actions = listOf(s.Action).map((a) => a.toLowerCase());
    const c = conditionsOf(s);
    const ips = take(c, ['IpAddress'], 'aws:SourceIp')?.values;
    if (kinds.length !== 1) return bad(`principals of ${kinds.length === 0 ? 'no' : 'several'} kinds (${kinds.join(', ') || 'none'}): the org file trusts AWS principals and OIDC providers, one kind per statement`);
    const kind = kinds[0];
    if (kind === 'Service') return bad(`trusts the service ${listOf(principal.Service).join(', ')}: the org file manages access of people and workloads between accounts, not service roles`);
    if (kind === 'Federated') {
      const providers = listOf(principal.Federated);
      if (providers.some((p) => p.includes(':saml-provider/'))) return bad(`trusts the SAML provider ${providers.join(', ')} directly: the org file reaches member roles from SAML only through samlRoles in the identity account`);
      if (providers.length !== 1) return bad(`names ${providers.length} federated principals in one statement`);
      const m = /^arn:aws:iam::(\d{12}):oidc-provider\/(.+)$/.exec(providers[0]);
      if (!m) return bad(`trusts the federated principal ${providers[0]}, which is not an OIDC provider of IAM (e.g. a Cognito or web identity provider such as accounts.google.com)`);
      if (m[1] !== accountId) return bad(`trusts the OIDC provider ${providers[0]} of another account: the org file trusts the provider of the role's own account`);
      if (actions.length !== 1 || actions[0] !== 'sts:assumerolewithwebidentity') return bad(`allows ${listOf(s.Action).join(', ')}: the org file allows web identities sts:AssumeRoleWithWebIdentity only`);
      const host = m[2];
      const aud = take(c, ['StringEquals'], `${host}:aud`);
      const sub = take(c, ['StringLike', 'StringEquals'], `${host}:sub`);
      const rest = leftOver(c);
      if (rest.length > 0) return bad(`conditions the org file has no key for: ${rest.join('; ')}`);
      if (!aud) return bad(`no StringEquals ${host}:aud: the org file always names the audiences`);
      if (!sub) return bad(`no ${host}:sub condition: any workload of the issuer could assume the role, and the org file always restricts the subject`);
      if (sub.op === 'StringEquals' && sub.values.some((v) => WILDCARD.test(v))) return bad(`StringEquals ${host}:sub with "*" or "?", which StringEquals takes literally: the org file writes StringLike`);
      if ([...aud.values, ...sub.values].some((v) => v.includes('$'))) return bad('a claim value with "$", a policy variable in IAM');
      web.push({ host, providerArn: providers[0], audiences: [...new Set(aud.values)].sort(), subjects: [...new Set(sub.values)].sort(), ...(ips ? { sourceIps: [...ips].sort() } : {}) });
      return;
    }
    if (kind !== 'AWS') return bad(`trusts a ${kind} principal`);
    if (actions.length !== 1 || actions[0] !== 'sts:assumerole') return bad(`allows ${listOf(s.Action).join(', ')}: only sts:AssumeRole is imported (session tags and source identity are not)`);
    const arns = listOf(principal.AWS);
    if (arns.includes('*')) return bad('Principal AWS "*": any principal of any account');
    const roots = arns.map(rootOf);
    const orgId = take(c, ['StringEquals'], 'aws:PrincipalOrgID');
    const principalArns = take(c, ['ArnLike', 'ArnEquals', 'StringLike', 'StringEquals'], 'aws:PrincipalArn');
    const externalId = take(c, ['StringEquals'], 'sts:ExternalId');
    if (orgId && orgId.values.length !== 1) return bad('aws:PrincipalOrgID with several values');

    if (arns.length === 1 && roots[0] === identityRoot && (!principalArns || principalArns.values.every((v) => v === `arn:aws:iam::${identityAccountId}:user/*`))) {
      // The people's statement: the console's "another AWS account" (the hub), or the app's own.
      const mfa = take(c, ['Bool'], 'aws:MultiFactorAuthPresent');
      const age = take(c, ['NumericLessThan'], 'aws:MultiFactorAuthAge');
      const rest = leftOver(c);
      if (rest.length > 0) return bad(`conditions the org file has no key for: ${rest.join('; ')}`);
      if (externalId) return bad('sts:ExternalId asked of the identity account: the org file asks external ids of named principals only');
      if (mfa && !(mfa.values.length === 1 && mfa.values[0].toLowerCase() === 'true')) return bad(`Bool aws:MultiFactorAuthPresent ${JSON.stringify(mfa.values)}: the org file requires MFA (true) or not at all`);
      if (age && !(age.values.length === 1 && /^\d+$/.test(age.values[0]) && Number(age.values[0]) >= 1 && Number(age.values[0]) <= 129600)) return bad(`NumericLessThan aws:MultiFactorAuthAge ${JSON.stringify(age.values)}: the org file takes one number of seconds, 1 to 129600`);
      if (principalArns && principalArns.op !== 'ArnLike' && principalArns.op !== 'StringLike') return bad(`${principalArns.op} aws:PrincipalArn on a pattern`);
      if (people) return bad('a second statement for the identity account: the org file has one');
      people = {
        // aws:MultiFactorAuthAge is only present when MFA was used: an age limit alone requires MFA too.
        mfa: mfa !== undefined || age !== undefined,
        ...(age ? { mfaMaxAgeSeconds: Number(age.values[0]) } : {}),
        ...(orgId ? { orgId: orgId.values[0] } : {}),
        ...(ips ? { sourceIps: [...ips].sort() } : {}),
        usersOnly: principalArns !== undefined,
      };
      return;
    }
    const rest = leftOver(c);
    if (rest.length > 0) return bad(`conditions the org file has no key for: ${rest.join('; ')}`);
    if (externalId && externalId.values.length !== 1) return bad('sts:ExternalId with several values: the org file asks one');
    let trusted: string[];
    if (principalArns) {
      // The app's own form: the account's root, narrowed to exact principals by aws:PrincipalArn.
      if (arns.length !== 1 || !roots[0]) return bad('aws:PrincipalArn on a statement that does not trust one account root');
      if (principalArns.values.some((v) => /:role\/aws-reserved\/sso\.amazonaws\.com\//.test(v))) return bad(`trusts IAM Identity Center roles (${principalArns.values.join(', ')}): permission sets are not imported (Identity Center holds their policies); add them under permissionSets by hand`);
      if (principalArns.op !== 'ArnEquals' && principalArns.op !== 'StringEquals' && !principalArns.values.every((v) => !WILDCARD.test(v))) return bad(`${principalArns.op} aws:PrincipalArn with a pattern (${principalArns.values.join(', ')}): the org file names exact principals`);
      if (principalArns.values.some((v) => WILDCARD.test(v))) return bad(`aws:PrincipalArn with a pattern (${principalArns.values.join(', ')}): the org file names exact principals`);
      const account = /^arn:aws:iam::(\d{12}):root$/.exec(roots[0])![1];
      if (principalArns.values.some((v) => !v.startsWith(`arn:aws:iam::${account}:`))) return bad(`aws:PrincipalArn names principals of another account than the trusted root ${roots[0]}`);
      trusted = principalArns.values;
    } else trusted = arns.map((a, k) => roots[k] ?? a);
    for (const arn of trusted) {
      if (arn === identityRoot) return bad(`names the identity account ${identityAccountId} together with other principals in one statement: the org file gives the identity account a statement of its own`);
      if (!/^arn:aws:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/.test(arn)) return bad(`trusts ${arn}, which is not a role, user or account ARN (or names a deleted principal by its unique id)`);
      if (arn.startsWith(`arn:aws:iam::${identityAccountId}:user/`)) return bad(`trusts the identity account's user ${arn} by name: the org file reaches people through groups only`);
      named.push({ arn, ...(externalId ? { externalId: externalId.values[0] } : {}), ...(orgId ? { orgId: orgId.values[0] } : {}), ...(ips ? { sourceIps: [...ips].sort() } : {}) });
    }
  });
  return problems.length > 0 ? { problems } : { reading: { ...(people ? { people } : {}), named, web }, problems };
}
