import {
  allUsersArn,
  IamPrincipalArn,
  oidcIssuerHostPath,
  oidcProviderArn,
  permissionSetRoleArnPatterns,
  roleArn,
} from './arn';
import { ConditionKey, ConditionOperator, Conditions, endsAt, endSidSuffix, mergeConditions, oidcConditionKey } from './condition';
import { PolicyDocument } from './document';
import { AccountPrincipal, FederatedPrincipal, Principal } from './principal';
import { PolicyStatement } from './statement';

/**
 * Who assumes a role, as types: each kind of assumer renders its own part of a role's trust policy
 * (and says whether it has a policy of its own on the assumer side). A new kind is one more class
 * implementing `Assumer`: its `trustPart` and `describe`, and where its session comes from
 * (`chained`, `mfaFromAws`).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */

export const ASSUME_ROLE = 'sts:AssumeRole';
export const ASSUME_ROLE_WITH_WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
export const ASSUME_ROLE_WITH_SAML = 'sts:AssumeRoleWithSAML';
export const TAG_SESSION = 'sts:TagSession';
export const SET_SOURCE_IDENTITY = 'sts:SetSourceIdentity';

/** GitHub's OIDC issuer for Actions, and the audience its AWS action asks for. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITHUB_ACTIONS_AUDIENCE = 'sts.amazonaws.com';
/** The SAML audience of the AWS sign-in endpoint, where identity providers post assertions. */
export const AWS_SAML_AUDIENCE = 'https://signin.aws.amazon.com/saml';

/** What a role's trust asks of every assumer: the role's own settings and the account it lives in. */
export interface TrustContext {
  /** The account the role lives in: a web identity is trusted through that account's OIDC provider. */
  readonly accountId: string;
  /** `aws:PrincipalOrgID` for principals inside the org. */
  readonly orgId?: string;
  /** CIDR ranges the caller must come from (`aws:SourceIp`). */
  readonly sourceIps: readonly string[];
  /**
   * The regions whose STS endpoints may be called to assume the role (`aws:RequestedRegion`): for a
   * break-glass role, those its alerts watch, so that no assumption goes unannounced. Default: any.
   */
  readonly requestedRegions?: readonly string[];
  /** Allow `sts:TagSession`. */
  readonly sessionTags: boolean;
  /** Allow `sts:SetSourceIdentity`. */
  readonly sourceIdentity: boolean;
  /** `sts:ExternalId` the named principals must pass. */
  readonly externalId?: string;
  /** People signed in with MFA (IAM users only: AWS sets the key for them alone). */
  readonly mfa: boolean;
  readonly mfaMaxAgeSeconds?: number;
}

/** The STS actions a role's trust allows a role-assuming principal: AssumeRole, plus the session extras it opts into. */
export function trustActions(spec: Pick<TrustContext, 'sessionTags' | 'sourceIdentity'>): string[] {
  return [ASSUME_ROLE, ...(spec.sessionTags ? [TAG_SESSION] : []), ...(spec.sourceIdentity ? [SET_SOURCE_IDENTITY] : [])];
}

/** `aws:MultiFactorAuthPresent` (and age) conditions of the people's trust statement. */
export function mfaConditions(mfa: boolean, maxAgeSeconds?: number): Conditions {
  if (!mfa) return {};
  return mergeConditions(
    { Bool: { [ConditionKey.MfaPresent]: 'true' } },
    maxAgeSeconds === undefined ? {} : { NumericLessThan: { [ConditionKey.MfaAge]: String(maxAgeSeconds) } },
  );
}

const orgConditions = (ctx: TrustContext): Conditions => (ctx.orgId ? { StringEquals: { [ConditionKey.PrincipalOrgId]: ctx.orgId } } : {});
const networkConditions = (ctx: TrustContext): Conditions => ({
  ...(ctx.sourceIps.length > 0 ? { IpAddress: { [ConditionKey.SourceIp]: [...ctx.sourceIps] } } : {}),
  ...(ctx.requestedRegions?.length ? { StringEquals: { [ConditionKey.RequestedRegion]: [...ctx.requestedRegions] } } : {}),
});

/**
 * One assumer's share of a trust policy. Parts with the same `key` become one statement: their
 * principals and `members` values are joined (so every CI role of the org shares one statement,
 * as before), and their other conditions must be equal.
 */
export interface TrustPart {
  readonly key: string;
  /** The statement's Sid; numbered when two keys share it. */
  readonly sid: string;
  /** Position of the statement in the policy. */
  readonly order: number;
  readonly effect?: 'Allow' | 'Deny';
  readonly principals: readonly Principal[];
  readonly actions: readonly string[];
  readonly conditions: Conditions;
  /** One condition whose values are joined across the statement's assumers. */
  readonly members?: { readonly operator: string; readonly key: string; readonly values: readonly string[] };
}

export type AssumerKind = 'iam-group' | 'permission-set' | 'saml-role' | 'github-actions' | 'oidc' | 'role' | 'user' | 'account';

/** Where the assumer's own permission to call STS comes from. */
export type AssumerSide =
  /** An IAM group of the identity account whose policies the app writes. */
  | 'iam-group'
  /** A role of the identity account that the app creates, with its policies. */
  | 'identity-role'
  /** A permission set of IAM Identity Center: the app renders its policy as an output, Identity Center holds it. */
  | 'permission-set'
  /** Nothing the app writes: the trust alone decides (web identity), or the principal's own account does. */
  | 'none';

/** A kind of principal that assumes roles. */
export interface Assumer {
  readonly kind: AssumerKind;
  /** The name it has in the org file (group, permission set, role, entry) or its ARN. */
  readonly name: string;
  /** One line for people: "GitHub Actions, repo acme/infra, branch main". */
  describe(): string;
  /** Its session is itself a role session, so AWS caps the assumed session at 1 hour (role chaining). */
  readonly chained: boolean;
  /** AWS sets `aws:MultiFactorAuthPresent` in its requests (IAM users); elsewhere MFA is the identity provider's. */
  readonly mfaFromAws: boolean;
  readonly assumerSide: AssumerSide;
  /** Its part of the trust policy of a role in `ctx.accountId`. */
  trustPart(ctx: TrustContext): TrustPart;
}

/**
 * People: IAM users of the identity account, in the group `groupName`. The trust lets the identity
 * account's users in (with MFA as the role asks); the group's own policy names the exact roles.
 */
export class IamGroupAssumer implements Assumer {
  readonly kind = 'iam-group' as const;
  readonly chained = false;
  readonly mfaFromAws = true;
  readonly assumerSide = 'iam-group' as const;
  constructor(
    readonly identityAccountId: string,
    readonly name: string,
  ) {}

  describe(): string {
    return `IAM group ${this.name} (users of ${this.identityAccountId})`;
  }

  trustPart(ctx: TrustContext): TrustPart {
    return identityUsersPart(this.identityAccountId, ctx);
  }
}

/** The people's statement: every IAM user of the identity account, with MFA as the role asks. */
export function identityUsersPart(identityAccountId: string, ctx: TrustContext): TrustPart {
  return {
    key: 'identity-users',
    sid: 'IdentityAccount',
    order: 0,
    principals: [new AccountPrincipal(identityAccountId)],
    actions: trustActions(ctx),
    // People are the identity account's IAM users: its roles (CI, workloads) are not trusted
    // wholesale, whatever their own policies allow.
    conditions: mergeConditions(
      { ArnLike: { [ConditionKey.PrincipalArn]: allUsersArn(identityAccountId) } },
      mfaConditions(ctx.mfa, ctx.mfaMaxAgeSeconds),
      orgConditions(ctx),
      networkConditions(ctx),
    ),
  };
}

/**
 * A role, user or whole account named by ARN (`trust.principals`): CI systems and third parties.
 * Roles and users are trusted through their account root plus an `aws:PrincipalArn` condition, so
 * the policy stays valid when the principal does not exist yet and keeps matching when it is
 * recreated. Outside the org they must pass the external id and get no org condition.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
 */
export class NamedPrincipalAssumer implements Assumer {
  readonly kind: 'role' | 'user' | 'account';
  readonly name: string;
  readonly chained: boolean;
  readonly mfaFromAws = false;
  readonly assumerSide = 'none' as const;
  constructor(
    readonly principal: IamPrincipalArn,
    /** Its account is the identity account or one of the org's. */
    readonly insideOrg: boolean,
  ) {
    this.kind = principal.kind === 'root' ? 'account' : principal.kind;
    this.name = principal.arn;
    this.chained = principal.kind === 'role';
  }

  describe(): string {
    const where = this.insideOrg ? '' : ', outside the org';
    if (this.kind === 'account') return `every principal of account ${this.principal.accountId}${where}`;
    return `${this.kind} ${this.principal.arn}${where}`;
  }

  trustPart(ctx: TrustContext): TrustPart {
    const wholeAccount = this.kind === 'account';
    if (!this.insideOrg && !ctx.externalId) throw new Error(`Principals outside the org (${this.principal.arn}) need an external id.`);
    const [sid, order] = this.insideOrg ? (wholeAccount ? ['OrgAccounts', 2] : ['OrgPrincipals', 1]) : wholeAccount ? ['ExternalAccounts', 4] : ['ExternalPrincipals', 3];
    return {
      key: sid as string,
      sid: sid as string,
      order: order as number,
      principals: [new AccountPrincipal(this.principal.accountId)],
      actions: trustActions(ctx),
      conditions: mergeConditions(
        ctx.externalId ? { StringEquals: { [ConditionKey.ExternalId]: ctx.externalId } } : {},
        this.insideOrg ? orgConditions(ctx) : {},
        networkConditions(ctx),
      ),
      members: wholeAccount ? undefined : { operator: ConditionOperator.ArnEquals, key: ConditionKey.PrincipalArn, values: [this.principal.arn] },
    };
  }
}

/**
 * People signed in through IAM Identity Center, arriving in the identity account in the role of
 * permission set `name` (`AWSReservedSSO_<name>_<suffix>`). The trust names that role by pattern; the
 * permission set's own policy is Identity Center's (the app renders it as an output of the identity
 * stack). Their MFA is Identity Center's: AWS sets no MFA key in their requests.
 */
export class PermissionSetAssumer implements Assumer {
  readonly kind = 'permission-set' as const;
  readonly chained = true;
  readonly mfaFromAws = false;
  readonly assumerSide = 'permission-set' as const;
  constructor(
    readonly identityAccountId: string,
    readonly name: string,
  ) {}

  describe(): string {
    return `IAM Identity Center permission set ${this.name} (in ${this.identityAccountId})`;
  }

  /** The ARN patterns of the permission set's roles in the identity account. */
  get rolePatterns(): string[] {
    return permissionSetRoleArnPatterns(this.identityAccountId, this.name);
  }

  trustPart(ctx: TrustContext): TrustPart {
    return {
      key: 'identity-center',
      sid: 'IdentityCenter',
      order: 5,
      principals: [new AccountPrincipal(this.identityAccountId)],
      actions: trustActions(ctx),
      conditions: mergeConditions(orgConditions(ctx), networkConditions(ctx)),
      members: { operator: ConditionOperator.ArnLike, key: ConditionKey.PrincipalArn, values: this.rolePatterns },
    };
  }

  /** An explicit Deny in a role's trust: this permission set may never assume it. */
  denyPart(): TrustPart {
    return {
      key: 'deny-identity-center',
      sid: 'DenyIdentityCenter',
      order: 9,
      effect: 'Deny',
      principals: [new AccountPrincipal(this.identityAccountId)],
      actions: [ASSUME_ROLE],
      conditions: {},
      members: { operator: ConditionOperator.ArnLike, key: ConditionKey.PrincipalArn, values: this.rolePatterns },
    };
  }
}

/**
 * People signed in through a SAML identity provider into a role of the identity account that the
 * app creates (`samlRoles`). That role's trust takes `sts:AssumeRoleWithSAML` from the provider with
 * `SAML:aud` set; its policies name the exact roles it may assume, as a group's do. Their MFA is the
 * identity provider's.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html
 */
export class SamlRoleAssumer implements Assumer {
  readonly kind = 'saml-role' as const;
  readonly chained = true;
  readonly mfaFromAws = false;
  readonly assumerSide = 'identity-role' as const;
  readonly arn: string;
  constructor(
    readonly identityAccountId: string,
    readonly name: string,
    readonly path: string,
    /** The IAM SAML provider's ARN, in the identity account. */
    readonly providerArn: string,
    /** `SAML:aud`: the sign-in endpoint the identity provider posts to. */
    readonly audience: string = AWS_SAML_AUDIENCE,
    /** The identity provider passes session tags (`sts:TagSession`). */
    readonly sessionTags = false,
    /** The identity provider sets a source identity (`sts:SetSourceIdentity`), which AWS then keeps through the chain. */
    readonly sourceIdentity = false,
  ) {
    if (!audience) throw new Error(`SAML role ${name} needs a SAML:aud audience: without it any assertion of the provider for any audience would pass.`);
    this.arn = roleArn(identityAccountId, name, path);
  }

  describe(): string {
    return `SAML role ${this.name} (${this.providerArn.split('/').pop()} sign-in, in ${this.identityAccountId})`;
  }

  trustPart(ctx: TrustContext): TrustPart {
    return {
      key: 'saml-roles',
      sid: 'SamlRoles',
      order: 6,
      principals: [new AccountPrincipal(this.identityAccountId)],
      actions: trustActions(ctx),
      conditions: mergeConditions(orgConditions(ctx), networkConditions(ctx)),
      members: { operator: ConditionOperator.ArnEquals, key: ConditionKey.PrincipalArn, values: [this.arn] },
    };
  }

  /** The trust policy of the SAML role itself: the provider's assertions for the AWS sign-in audience. */
  ownTrustPolicy(): PolicyDocument {
    return new PolicyDocument([
      new PolicyStatement({
        sid: 'SamlSignIn',
        principals: [new FederatedPrincipal(this.providerArn)],
        actions: [ASSUME_ROLE_WITH_SAML, ...(this.sessionTags ? [TAG_SESSION] : []), ...(this.sourceIdentity ? [SET_SOURCE_IDENTITY] : [])],
        conditions: { StringEquals: { [ConditionKey.SamlAudience]: this.audience } },
      }),
    ]);
  }
}

/**
 * A workload with an OIDC token (`sts:AssumeRoleWithWebIdentity`), trusted through the OIDC
 * provider of the role's own account: the token's `aud` must be one of `audiences` and its `sub`
 * match one of `subjects`. There is no assumer side: the trust alone decides. A trust without a
 * `sub` restriction would let every workload of the issuer in, so one is required.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 */
export class WebIdentityAssumer implements Assumer {
  readonly kind: 'oidc' | 'github-actions' = 'oidc';
  readonly chained = false;
  readonly mfaFromAws = false;
  readonly assumerSide = 'none' as const;
  readonly issuerHostPath: string;
  /** The issuer URL without trailing slashes, as IAM names its provider. */
  readonly issuerUrl: string;
  constructor(
    readonly name: string,
    issuerUrl: string,
    readonly audiences: readonly string[],
    readonly subjects: readonly string[],
  ) {
    if (!/^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(issuerUrl)) throw new Error(`OIDC issuer ${issuerUrl} must be an https:// URL without query or fragment.`);
    this.issuerUrl = issuerUrl.replace(/\/+$/, '');
    // In a policy "${" starts a variable: a value holding it would match something else than written.
    for (const v of [...audiences, ...subjects]) if (v.includes('$')) throw new Error(`OIDC assumer ${name}: "${v}" holds "$", which IAM reads as the start of a policy variable.`);
    if (audiences.length === 0) throw new Error(`OIDC assumer ${name} needs at least one audience.`);
    if (subjects.length === 0 || subjects.some((s) => /^[*?]*$/.test(s))) {
      throw new Error(`OIDC assumer ${name} needs a sub restriction: without one, every workload of ${issuerUrl} could assume the role.`);
    }
    this.issuerHostPath = oidcIssuerHostPath(issuerUrl);
  }

  describe(): string {
    return `OIDC ${this.issuerHostPath}, sub ${this.subjects.join(' or ')}`;
  }

  /** Statements of one issuer and audience set are joined; their subjects add up. */
  trustPart(ctx: TrustContext): TrustPart {
    const audiences = [...this.audiences].sort();
    return {
      key: `web-identity ${this.issuerHostPath} ${audiences.join(' ')}`,
      sid: this.kind === 'github-actions' ? 'GitHubActions' : 'WebIdentity',
      order: 7,
      principals: [new FederatedPrincipal(oidcProviderArn(ctx.accountId, this.issuerUrl))],
      actions: [ASSUME_ROLE_WITH_WEB_IDENTITY],
      conditions: mergeConditions({ StringEquals: { [oidcConditionKey(this.issuerHostPath, 'aud')]: audiences } }, networkConditions(ctx)),
      members: { operator: ConditionOperator.StringLike, key: oidcConditionKey(this.issuerHostPath, 'sub'), values: [...this.subjects] },
    };
  }
}

/** Which runs of a GitHub repository may assume: branches, tags (patterns allowed) and environments. */
export interface GitHubActionsFilter {
  readonly branches?: readonly string[];
  readonly tags?: readonly string[];
  readonly environments?: readonly string[];
}

/**
 * GitHub Actions workflows of one repository, keyless: the token's `sub` is
 * `repo:<owner>/<repo>:ref:refs/heads/<branch>`, `...:ref:refs/tags/<tag>` or
 * `...:environment:<name>` (a job with an environment gets the environment form). With no filter,
 * every run of the repository (`repo:<owner>/<repo>:*`).
 *
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */
export class GitHubActionsAssumer extends WebIdentityAssumer {
  override readonly kind = 'github-actions' as const;
  constructor(
    name: string,
    readonly repository: string,
    readonly filter: GitHubActionsFilter = {},
    audience: string = GITHUB_ACTIONS_AUDIENCE,
    issuerUrl: string = GITHUB_ACTIONS_ISSUER,
  ) {
    super(name, issuerUrl, [audience], githubSubjects(repository, filter));
  }

  /** Restricted to branches, tags or environments (not every run of the repository). */
  get restricted(): boolean {
    const { branches = [], tags = [], environments = [] } = this.filter;
    return [...branches, ...tags, ...environments].length > 0 && ![...branches, ...tags, ...environments].some((v) => /^[*?]*$/.test(v));
  }

  override describe(): string {
    return `GitHub Actions, repo ${this.repository}, ${describeGitHubFilter(this.filter)}`;
  }
}

/** What follows `repo:<owner>/<name>:` in the `sub` of a run of a branch, a tag, or a job with an environment. */
export const GITHUB_SUB_FORMS = { branches: 'ref:refs/heads/', tags: 'ref:refs/tags/', environments: 'environment:' } as const;

/** The `sub` patterns of a repository's runs. */
export function githubSubjects(repository: string, filter: GitHubActionsFilter): string[] {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) throw new Error(`GitHub repository "${repository}" must be owner/name, without wildcards.`);
  const forms = Object.keys(GITHUB_SUB_FORMS) as (keyof typeof GITHUB_SUB_FORMS)[];
  const subjects = forms.flatMap((form) => (filter[form] ?? []).map((name) => `repo:${repository}:${GITHUB_SUB_FORMS[form]}${name}`));
  return subjects.length > 0 ? subjects : [`repo:${repository}:*`];
}

/** A repository's runs in words: `branch main or dev, tag v*, environment production`, or every run. */
export function describeGitHubFilter(filter: GitHubActionsFilter): string {
  const { branches = [], tags = [], environments = [] } = filter;
  const parts = [
    ...(branches.length ? [`branch ${branches.join(' or ')}`] : []),
    ...(tags.length ? [`tag ${tags.join(' or ')}`] : []),
    ...(environments.length ? [`environment ${environments.join(' or ')}`] : []),
  ];
  return parts.length ? parts.join(', ') : 'any branch, tag or environment';
}

/**
 * An assumer whose grant of a role ends at `until` (UTC, RFC 3339), where the trust alone decides
 * (web identities): its part of the trust is its own statement, allowed only while
 * `aws:CurrentTime` is before `until`. Everything else is the assumer's.
 */
export class EndingAssumer implements Assumer {
  constructor(
    readonly assumer: Assumer,
    readonly until: string,
  ) {}
  get kind(): AssumerKind {
    return this.assumer.kind;
  }
  get name(): string {
    return this.assumer.name;
  }
  get chained(): boolean {
    return this.assumer.chained;
  }
  get mfaFromAws(): boolean {
    return this.assumer.mfaFromAws;
  }
  get assumerSide(): AssumerSide {
    return this.assumer.assumerSide;
  }
  describe(): string {
    return `${this.assumer.describe()}, until ${this.until}`;
  }
  trustPart(ctx: TrustContext): TrustPart {
    const part = this.assumer.trustPart(ctx);
    return {
      ...part,
      key: `${part.key} until ${this.until}`,
      sid: `${part.sid}${endSidSuffix(this.until)}`,
      conditions: mergeConditions(part.conditions, endsAt(this.until)),
    };
  }
}

/**
 * Joins trust parts into a trust policy: one statement per key, in part order, principals and
 * member values joined and sorted. The same parts always render the same bytes.
 */
export function renderTrustParts(parts: readonly TrustPart[]): PolicyDocument {
  const byKey = new Map<string, { part: TrustPart; principals: Map<string, Principal>; members: Set<string> }>();
  for (const part of parts) {
    const entry = byKey.get(part.key);
    if (!entry) {
      byKey.set(part.key, { part, principals: new Map(part.principals.map((p) => [`${p.type} ${p.arn}`, p])), members: new Set(part.members?.values ?? []) });
      continue;
    }
    if (JSON.stringify(entry.part.conditions) !== JSON.stringify(part.conditions) || entry.part.actions.join() !== part.actions.join()) {
      throw new Error(`Trust statement ${part.sid} is asked for with two different sets of conditions or actions.`);
    }
    for (const p of part.principals) entry.principals.set(`${p.type} ${p.arn}`, p);
    for (const v of part.members?.values ?? []) entry.members.add(v);
  }
  const entries = [...byKey.values()].sort((a, b) => a.part.order - b.part.order);
  const sidCount = new Map<string, number>();
  const statements = entries.map(({ part, principals, members }) => {
    const n = (sidCount.get(part.sid) ?? 0) + 1;
    sidCount.set(part.sid, n);
    return new PolicyStatement({
      sid: n === 1 ? part.sid : `${part.sid}${n}`,
      effect: part.effect,
      actions: part.actions,
      principals: [...principals.values()],
      conditions: part.members ? mergeConditions(part.conditions, { [part.members.operator]: { [part.members.key]: [...members].sort() } }) : part.conditions,
    });
  });
  if (statements.length === 0) throw new Error('A trust policy needs the identity account or at least one principal.');
  return new PolicyDocument(statements);
}
