import { z } from 'zod';
import { isCidr } from './cidr';

/**
 * The org file's schema: the one source of truth for its keys, their defaults and the messages a
 * person reads when a value is wrong. Types are derived from it (`OrgFile`), and so is the
 * published JSON Schema.
 *
 * Limits follow IAM's: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */

const quoteFix = (input: unknown) =>
  typeof input === 'number'
    ? `YAML read this unquoted value as the number ${input}` +
      (String(input).length < 12 ? ', dropping its leading zeros' : '') +
      `. Fix: quote it: "${String(input).padStart(12, '0')}"`
    : 'Fix: write the 12-digit account id in quotes, e.g. "111111111111"';

/** A 12-digit AWS account id, as a quoted string. */
export const AccountId = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : `must be a quoted 12-digit string. ${quoteFix(iss.input)}`) })
  .regex(/^\d{12}$/, { error: 'must be exactly 12 digits, e.g. "111111111111"' });

/** Role names: 1-64 characters of letters, digits and `+=,.@_-`. */
export const RoleName = z
  .string()
  .regex(/^[\w+=,.@-]+$/, { error: 'may only use letters, digits and +=,.@_- (IAM refuses other characters in a role name)' })
  .max(64, { error: 'is longer than the 64 characters IAM allows for a role name' });

/** Group and policy names: 1-128 characters of letters, digits and `+=,.@_-`. */
export const IamName = z
  .string()
  .regex(/^[\w+=,.@-]+$/, { error: 'may only use letters, digits and +=,.@_- (IAM refuses other characters here)' })
  .max(128, { error: 'is longer than the 128 characters IAM allows' });

/** An IAM path: `/` alone or `/a/b/`, at most 512 printable ASCII characters. */
export const IamPath = z
  .string()
  .max(512, { error: 'is longer than the 512 characters IAM allows for a path' })
  .regex(/^\/([\x21-\x7E]*\/)?$/, { error: 'must start and end with "/" and use printable ASCII without spaces, e.g. /teams/platform/' })
  .regex(/^(?!.*\/\/)/, { error: 'must not contain an empty segment ("//")' })
  // The path is part of the ARNs the group policies and the perimeter name; there `*` and `?` are
  // wildcards and `$` starts a policy variable, so the policy could not name exactly this role.
  // (Patterns, not refinements, so the published JSON Schema refuses them too.)
  .regex(/^[^*?$]*$/, { error: 'must not contain "*", "?" or "$": in the ARNs policies name they are wildcards or a variable, so a policy could not name exactly this one. Fix: use letters, digits and +=,.@_- between the slashes' })
  .describe('An IAM path: "/" or "/a/b/", at most 512 printable ASCII characters. "*", "?" and "$" are refused on purpose (IAM takes them, but in the ARNs the policies name they are wildcards or a variable), and so is an empty segment.');

/** An account key, which is also its stack name and the prefix of its Terraform Cloud workspace. */
export const AccountKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'must start with a lowercase letter and use only a-z, 0-9 and "-" (it names a stack)' })
  .max(64, { error: 'is longer than 64 characters' });

/** A list of account keys, or "*" for every account the role lives in. */
export const AccountSelection = z.union([z.literal('*'), z.array(z.string()).min(1, { error: 'names no account: list account keys or use "*"' })], {
  error: 'must be a list of account keys, e.g. [dev, prod], or "*" for every account',
});

/** An AWS managed policy name (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`), the name of a policy under `policies:`, or a policy ARN. */
export const ManagedPolicyRef = z
  .string()
  .regex(/^(arn:aws:iam::(aws|\d{12}):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}|([\w+=,.@-]+\/)*[\w+=,.@-]{1,128})$/, {
    error: 'must be an AWS managed policy name like ReadOnlyAccess or job-function/ViewOnlyAccess, the name of a policy under policies, or a policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess',
  });

const StringOrList = z.union([z.string(), z.array(z.string()).min(1)]);
const Action = z.string().regex(/^(\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+)$/, { error: 'must be "service:Action" such as s3:GetObject (wildcards * and ? allowed)' });
const ActionOrList = z.union([Action, z.array(Action).min(1)], { error: 'must be an action or a list of actions, e.g. [s3:GetObject]' });
const ConditionValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);

/** One statement of an identity policy, as AWS documents it. */
export const IdentityStatement = z
  .strictObject({
    Sid: z.string().regex(/^[A-Za-z0-9]*$/, { error: 'must be alphanumeric' }).optional(),
    Effect: z.enum(['Allow', 'Deny'], { error: (iss) => (iss.input === undefined ? 'is required: "Allow" or "Deny"' : 'must be "Allow" or "Deny"') }),
    Action: ActionOrList.optional(),
    NotAction: ActionOrList.optional(),
    Resource: StringOrList.optional(),
    NotResource: StringOrList.optional(),
    Condition: z.record(z.string().regex(/^[A-Za-z]+(:[A-Za-z]+)?$/, { error: 'is not a condition operator such as StringEquals' }), z.record(z.string(), ConditionValue)).optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.Action === undefined) === (s.NotAction === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of Action or NotAction' });
    }
    if ((s.Resource === undefined) === (s.NotResource === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of Resource or NotResource (identity policies name what they apply to)' });
    }
  });

/** An identity policy document (inline policy), as AWS documents it. */
export const IdentityPolicy = z.strictObject({
  Version: z.literal('2012-10-17', { error: 'must be "2012-10-17" (quote it: YAML may read a bare date)' }),
  Id: z.string().optional(),
  Statement: z.union([IdentityStatement, z.array(IdentityStatement).min(1)]),
});

/** Who may assume the role, beyond the groups that grant it. */
export const Trust = z.strictObject({
  /** Require MFA of people in the identity account. Default: true. */
  mfa: z.boolean().optional(),
  /** Longest age of the MFA sign-in, in seconds (aws:MultiFactorAuthAge). */
  mfaMaxAgeSeconds: z.number().int().min(1, { error: 'must be a positive number of seconds' }).max(129600, { error: 'must be at most 129600 seconds (36 hours, the longest session)' }).optional(),
  /** Roles, users or accounts (ARNs) trusted directly: CI pipelines, third parties. */
  principals: z.array(z.string()).min(1).optional(),
  /** sts:ExternalId the principals must pass; required for principals outside the org. */
  externalId: z
    .string()
    .min(2, { error: 'must be 2 to 1,224 characters' })
    .max(1224, { error: 'must be 2 to 1,224 characters' })
    .regex(/^[\w+=,.@:/-]+$/, { error: 'may only use letters, digits and +=,.@:/_- (STS refuses others)' })
    .optional(),
  /** Allow callers to pass session tags (sts:TagSession). Default: false. */
  sessionTags: z.boolean().optional(),
  /** Allow callers to set a source identity (sts:SetSourceIdentity); people may only set their user name. Default: false. */
  sourceIdentity: z.boolean().optional(),
  /** CIDR ranges the caller must come from (aws:SourceIp). */
  sourceIps: z
    .array(
      z
        .string()
        .regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, { error: 'must be a CIDR range such as 203.0.113.0/24' })
        .refine(isCidr, { error: 'is not a valid CIDR range: the address must be a real IPv4 or IPv6 address and the prefix at most /32 (IPv4) or /128 (IPv6). Fix: write it like 203.0.113.0/24 or 2001:db8::/32' }),
    )
    .min(1)
    .optional(),
});

/**
 * Tags as IAM's TagRole takes them: keys of 1-128 and values of up to 256 Unicode letters, digits,
 * spaces and _.:/=+-@, keys not starting with the reserved "aws:".
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html
 */
const Tags = z.record(
  z
    .string()
    .min(1, { error: 'must not be empty: a tag key has 1 to 128 characters' })
    .max(128, { error: 'is longer than the 128 characters IAM allows for a tag key' })
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, { error: 'may only use letters, digits, spaces and _.:/=+-@ (IAM refuses other characters in a tag key)' })
    .regex(/^(?![aA][wW][sS]:)/, { error: 'must not start with "aws:", which AWS reserves for its own tags. Fix: rename the tag' }),
  z
    .string({ error: (iss) => `must be text, not ${iss.input === null ? 'empty' : `${typeof iss.input} ${JSON.stringify(iss.input)}`}: IAM tag values are strings. Fix: quote the value, e.g. "${iss.input === null ? '' : String(iss.input)}"` })
    .max(256, { error: 'is longer than the 256 characters IAM allows for a tag value' })
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, { error: 'may only use letters, digits, spaces and _.:/=+-@ (IAM refuses other characters in a tag value)' }),
);

/** A customer managed policy, created in every account whose roles attach it (`policies:`). */
export const CustomerPolicy = z.strictObject({
  /** The policy document, as inlinePolicies take it. */
  document: IdentityPolicy,
  description: z
    .string()
    .max(1000, { error: 'is longer than the 1,000 characters IAM allows for a policy description' })
    .regex(/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/, { error: 'may only use ASCII and Latin-1 characters (IAM refuses others in a policy description). Fix: rewrite it without them' })
    .optional(),
  /** IAM path of the policy; default `/`. Part of its ARN. */
  path: IamPath.optional(),
  /** The policy exists already in the accounts whose roles use it (made by hand): import it there instead of creating it. */
  adopt: z.boolean().optional(),
});

/** A role's maximum session: IAM's 3600 to 43200 seconds. */
export const SessionDuration = z
  .number({ error: 'must be a number of seconds from 3600 to 43200' })
  .int()
  .min(3600, { error: 'must be at least 3600 seconds (1 hour), the IAM minimum' })
  .max(43200, { error: 'must be at most 43200 seconds (12 hours), the IAM maximum' });

export const Role = z.strictObject({
  accounts: AccountSelection.optional(),
  /** Groups, SAML roles and permission sets that may never assume this role, whatever else grants it (an explicit Deny). */
  deny: z.array(z.string(), { error: 'must be a list of group, SAML role or permission set names, e.g. [contractors]' }).min(1, { error: 'names no group: list group, SAML role or permission set names, or remove deny' }).optional(),
  /** Refuse to destroy the role (Terraform prevent_destroy): deleting it must be deliberate. */
  protect: z.boolean().optional(),
  /** The role already exists (made by hand): import it instead of creating it. */
  adopt: z.boolean().optional(),
  /** Alert (EventBridge -> SNS) whenever the role is assumed; for break-glass roles. */
  alertOnAssume: z.boolean().optional(),
  managedPolicies: z.array(ManagedPolicyRef).optional(),
  inlinePolicies: z.record(IamName, IdentityPolicy).optional(),
  permissionsBoundary: ManagedPolicyRef.optional(),
  maxSessionDuration: SessionDuration.optional(),
  path: IamPath.optional(),
  description: z
    .string()
    .max(1000, { error: 'is longer than the 1,000 characters IAM allows' })
    .regex(/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/, { error: 'may only use ASCII and Latin-1 characters (IAM refuses others in a role description, such as emoji). Fix: rewrite it without them' })
    .optional(),
  tags: Tags.optional(),
  trust: Trust.optional(),
});

/** An organizational unit's key in `organizationalUnits` (your name for it; AWS's name may differ). */
export const UnitKey = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]*$/, { error: 'must start with a letter or digit and use only letters, digits and _.-' })
  .max(128, { error: 'is longer than 128 characters' });

/**
 * When a grant ends: an RFC 3339 date-time with its time zone, enforced by IAM (`aws:CurrentTime`).
 * A bare date is refused: "until 2027-03-31" could mean its first or its last second.
 */
export const GrantEnd = z
  .string({ error: 'must be an RFC 3339 date-time with its time zone in quotes, e.g. "2027-03-31T23:59:59Z"' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/, {
    error: 'must be an RFC 3339 date-time with seconds and a time zone, e.g. 2027-03-31T23:59:59Z or 2027-03-31T18:00:00-05:00 (a bare date is refused: it could mean its first or its last second)',
  })
  .refine(isRealDateTime, { error: 'is not a real date and time (check the month, the day and the hours). Fix: write it like 2027-03-31T23:59:59Z' });

/** `2027-02-30T00:00:00Z` parses in JavaScript (as March 2): only a date-time that round-trips is real. */
function isRealDateTime(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value);
  // Not the form at all: the pattern above says so.
  if (!m) return true;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second && !Number.isNaN(Date.parse(value));
}

/**
 * A grant of one role in its long form: accounts, organizational units (every account of the file
 * under them, and their child units), or both, and when it ends.
 */
export const GrantSpec = z
  .strictObject({
    /** Account keys, or "*" for every account the role lives in. */
    accounts: AccountSelection.optional(),
    /** Keys of `organizationalUnits`: every account of the file under each (child units included). */
    organizationalUnits: z.array(z.string(), { error: 'must be a list of organizational unit keys, e.g. [workloads]' }).min(1, { error: 'names no organizational unit: list keys of organizationalUnits, or remove the key' }).optional(),
    /** The grant ends at this time (RFC 3339): IAM refuses it after (aws:CurrentTime). */
    until: GrantEnd.optional(),
  })
  .superRefine((g, ctx) => {
    if (g.accounts === undefined && g.organizationalUnits === undefined) {
      ctx.addIssue({ code: 'custom', message: 'names neither accounts nor organizationalUnits. Fix: add accounts: [..] or organizationalUnits: [..]' });
    }
  });

/**
 * Role name -> account keys (or "*"), or the long form (accounts, organizationalUnits, until): what
 * an assumer of any kind may assume, and where.
 */
export const AssumeMap = z.record(
  z.string(),
  z.union([AccountSelection, GrantSpec], {
    error: 'must be a list of account keys, e.g. [dev, prod], "*" for every account, or a map with accounts, organizationalUnits and until',
  }),
);

export const Group = z.strictObject({
  path: IamPath.optional(),
  /** The group already exists: import it instead of creating it. */
  adopt: z.boolean().optional(),
  /** Role name -> account keys (or "*"). */
  assume: AssumeMap.optional(),
});

/** An IAM Identity Center permission set name: 1-32 letters, digits and +=,.@_-. */
export const PermissionSetName = z
  .string()
  .regex(/^[\w+=,.@-]+$/, { error: 'may only use letters, digits and +=,.@_- (Identity Center refuses other characters in a permission set name)' })
  .max(32, { error: 'is longer than the 32 characters Identity Center allows for a permission set name' });

/** People signed in through IAM Identity Center with this permission set, arriving in the identity account. */
export const PermissionSet = z.strictObject({
  /** Role name -> account keys (or "*"). */
  assume: AssumeMap,
});

/** In a policy, "${" starts a variable: a claim value holding "$" would match something else than written. */
const NO_DOLLAR = { error: 'must not contain "$": in a policy it starts a variable (${...}), so the condition would not match what is written here. Fix: remove the "$"' };

/** A role of the identity account that people reach through a SAML identity provider; the app creates it. */
export const SamlRole = z.strictObject({
  /** The IAM SAML provider of the identity account: its name, or its ARN. */
  provider: z
    .string()
    .regex(/^(arn:aws:iam::\d{12}:saml-provider\/)?[\w.-]{1,128}$/, { error: 'must be the name of the IAM SAML provider in the identity account (e.g. Okta) or its ARN (arn:aws:iam::111111111111:saml-provider/Okta)' }),
  /** SAML:aud the assertion must carry. Default https://signin.aws.amazon.com/saml. */
  audience: z.string().regex(/^https:\/\/\S+$/, { error: 'must be the https:// sign-in URL the identity provider posts to, e.g. https://signin.aws.amazon.com/saml' }).regex(/^[^$]*$/, NO_DOLLAR).optional(),
  /** The identity provider passes session tags (sts:TagSession). Default false. */
  sessionTags: z.boolean().optional(),
  path: IamPath.optional(),
  maxSessionDuration: SessionDuration.optional(),
  /** Role name -> account keys (or "*"). */
  assume: AssumeMap,
});

/** Whether the OIDC provider of each account is created here, exists already, or is adopted (imported). */
const OidcProviderMode = z.enum(['create', 'existing', 'adopt'], { error: 'must be create (the app creates it in each account), existing (made elsewhere, referenced by ARN) or adopt (made by hand, imported)' });

/** A branch or tag name, or a pattern of them (* and ? match as in git's wildcards). */
const GitRefPattern = z
  .string()
  .min(1)
  .regex(/^[^\s:]+$/, { error: 'must be a branch or tag name (patterns with * allowed), without spaces or ":"' })
  .regex(/^[^$]*$/, NO_DOLLAR)
  .regex(/^(?!refs\/)/, { error: 'must be the name only: the app adds refs/heads/ or refs/tags/. Fix: write main, not refs/heads/main' })
  .regex(/^[^[\\^~]*$/, { error: 'must not contain [, \\, ^ or ~, which git refuses in a branch or tag name' });
/** A GitHub environment name (spaces allowed, as GitHub allows them). */
const EnvironmentName = z
  .string()
  .min(1)
  .max(255, { error: 'is longer than the 255 characters GitHub allows for an environment name' })
  .regex(/^[^:$]*$/, { error: 'must not contain ":" or "$" (":" separates the parts of the token\'s sub claim; "$" starts a policy variable)' })
  // Environments are names, not patterns: the sub is compared with StringLike, where these would match others.
  .regex(/^[^*?]*$/, { error: 'must not contain "*" or "?": environments are exact names here, and in the trust\'s StringLike they would let in every environment they match (prod* lets in production-eu and prod-test). Fix: list each environment by its name' })
  .regex(/^\S(.*\S)?$/, { error: 'must not start or end with a space' });
/** An aud claim or client id: what IAM's OIDC provider takes as a client id (1-255 characters). */
const ClaimValue = z.string().min(1).max(255, { error: 'is longer than the 255 characters IAM allows for an OIDC client id (audience)' }).regex(/^[^$]*$/, NO_DOLLAR);
/** A sub claim, or a pattern of them (* and ? as in StringLike). */
const SubjectValue = z.string().min(1).regex(/^[^$]*$/, NO_DOLLAR);
const listOf = (item: z.ZodType<string>, what: string, example: string) => z.array(item).min(1, { error: `names no ${what}: list at least one, e.g. [${example}], or remove the key` });

/** GitHub Actions of one repository, keyless (OIDC). */
export const GitHubActions = z.strictObject({
  /** owner/name, without wildcards. */
  repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'must be one repository as owner/name, e.g. acme/infra (no wildcards: list each repository as its own entry)' }),
  /** Branches whose runs may assume (sub repo:owner/name:ref:refs/heads/<branch>). */
  branches: listOf(GitRefPattern, 'branch', 'main').optional(),
  /** Tags whose runs may assume (sub ...:ref:refs/tags/<tag>). */
  tags: listOf(GitRefPattern, 'tag', '"v*"').optional(),
  /** Environments whose jobs may assume (sub ...:environment:<name>). */
  environments: listOf(EnvironmentName, 'environment', 'production').optional(),
  /** The token's audience. Default sts.amazonaws.com. */
  audience: ClaimValue.optional(),
  /** The OIDC provider of token.actions.githubusercontent.com in each account. Default create. */
  oidcProvider: OidcProviderMode.optional(),
  /** Role name -> account keys (or "*"). */
  assume: AssumeMap,
});

/** Any other OIDC issuer (GitLab, CircleCI, Buildkite, Kubernetes, ...). */
export const Oidc = z.strictObject({
  /** The issuer URL, https://, as in the token's iss claim. */
  issuer: z
    .string()
    .max(255, { error: 'is longer than the 255 characters IAM allows for an OIDC provider URL' })
    .regex(/^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, { error: 'must be the issuer\'s https:// URL without query or fragment, e.g. https://gitlab.example.com' })
    .regex(/^https:\/\/[^/:]+(\/|$)/, { error: 'must not name a port: IAM refuses an OIDC provider URL with one. Fix: write the issuer as its tokens name it, without :port' })
    .regex(/^https:\/\/[^/A-Z]+(\/|$)/, { error: 'must write the host in lowercase, as IAM names the provider and its condition keys by it. Fix: lowercase the host, e.g. https://gitlab.example.com' }),
  /** Accepted aud claims (the provider's client ids). */
  audiences: listOf(ClaimValue, 'audience', 'sts.amazonaws.com'),
  /** Accepted sub claims (patterns with * and ? allowed); at least one that is not a bare wildcard. */
  subjects: z.array(SubjectValue).min(1, { error: 'names no subject: list the sub claims that may assume, e.g. project_path:acme/infra:ref_type:branch:ref:main' }),
  /** Server certificate thumbprints (40 hex digits), for issuers AWS does not verify by its own trusted CAs. */
  thumbprints: z.array(z.string({ error: 'must be 40 hex digits in quotes (YAML reads unquoted digits as a number). Fix: quote it, e.g. "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"' }).regex(/^[0-9a-fA-F]{40}$/, { error: 'must be 40 hex digits (a SHA-1 thumbprint)' })).min(1, { error: 'names no thumbprint: list one, or remove the key' }).max(5, { error: 'may list at most 5 thumbprints (IAM allows 5)' }).optional(),
  /** The issuer's OIDC provider in each account. Default create. */
  oidcProvider: OidcProviderMode.optional(),
  /** Role name -> account keys (or "*"). */
  assume: AssumeMap,
});

/** An organizational unit of AWS Organizations: its id, and the unit it is in (default: the root). */
export const OrganizationalUnit = z.strictObject({
  /** The OU's id, ou-xxxx-xxxxxxxx (aws organizations list-organizational-units-for-parent). */
  id: z.string({ error: (iss) => (iss.input === undefined ? 'is required: the OU id, e.g. ou-ab12-11111111' : 'must be an OU id such as ou-ab12-11111111') }).regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, { error: 'must be an OU id such as ou-ab12-11111111' }),
  /** The key of the unit this one is in; default: directly under the root. */
  parent: z.string().optional(),
  /** The OU's name in AWS, when it differs from its key (reports show it). */
  name: z.string().min(1).max(128, { error: 'is longer than the 128 characters AWS allows for an OU name' }).optional(),
});

/** How `cdktf deploy` reaches an account. */
export const DeploymentReach = z.strictObject({
  /** Role the provider assumes. Default: deployment.roleName. */
  roleName: RoleName.optional(),
  /** sts:ExternalId the deployment role requires, if any. */
  externalId: z.string().min(2).max(1224).regex(/^[\w+=,.@:/-]+$/, { error: 'may only use letters, digits and +=,.@:/_- (STS refuses others)' }).optional(),
});

export const Account = z.strictObject({
  accountId: AccountId,
  /** Per-account override of how the provider reaches this account. */
  deployment: DeploymentReach.optional(),
  /** The stack's `Environment` default tag, so a tag value as IAM takes it. */
  environment: z
    .string()
    .min(1)
    .max(256, { error: 'is longer than the 256 characters IAM allows for a tag value (it becomes the Environment tag)' })
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, { error: 'may only use letters, digits, spaces and _.:/=+-@ (it becomes the Environment tag, and IAM refuses other characters in a tag value)' })
    .optional(),
  /** The organizational unit the account is in (a key of organizationalUnits); grants by unit cover it. */
  ou: z.string().optional(),
  /** Region of this account's provider; default: the org's region. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as eu-west-1' }).optional(),
  tags: Tags.optional(),
});

const LocalBackend = z.strictObject({
  type: z.literal('local'),
  /** Folder for the state files, one per stack. Default: the stack's own folder. */
  path: z.string().optional(),
});
const S3Backend = z.strictObject({
  type: z.literal('s3'),
  bucket: z.string().min(3),
  region: z.string().optional(),
  /** Key prefix; each stack's state is `<keyPrefix>/<stack>.tfstate`. */
  keyPrefix: z.string().optional(),
  encrypt: z.boolean().optional(),
  /** Native S3 lock file (Terraform >= 1.10). Default true unless dynamodbTable is set. */
  useLockfile: z.boolean().optional(),
  dynamodbTable: z.string().optional(),
});
const CloudBackend = z.strictObject({
  type: z.literal('cloud'),
  organization: z.string().min(1),
  hostname: z.string().optional(),
  /** Workspace name pattern; `{organization}` and `{stack}` are replaced. Default `{organization}-{stack}`. */
  workspacePattern: z
    .string()
    .regex(/\{stack\}/, {
      error: 'must contain {stack}: without it every stack would share one workspace and one state, each deploy overwriting the others. Fix: add {stack}, e.g. "{organization}-{stack}"',
    })
    .optional(),
  project: z.string().optional(),

});
export const Backend = z.discriminatedUnion('type', [LocalBackend, S3Backend, CloudBackend], {
  error: 'type must be one of local, s3, cloud',
});
/** Where the bootstrap stacks keep their state: not in HCP Terraform, whose runs they make possible. */
const BootstrapBackend = z.discriminatedUnion('type', [LocalBackend, S3Backend], {
  error: 'type must be local or s3: the bootstrap runs with the admin path (the deployment role), before any workspace can reach AWS',
});

/** An IAM role name pattern: `{stack}` is replaced by the stack name, so every stack of one account gets its own role. */
const DeployerRoleNamePattern = z
  .string()
  .regex(/\{stack\}/, { error: 'must contain {stack}: an account can hold several stacks (identity, organization, a member), each with its own roles. Fix: add {stack}, e.g. "tfc-apply-{stack}"' })
  .regex(/^([\w+=,.@-]|\{stack\})+$/, { error: 'may only use letters, digits, +=,.@_- and {stack} (IAM refuses other characters in a role name)' });

/** The TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE of the workspaces: an OIDC client id. */
const HcpAudience = z.string().min(1).max(255, { error: 'is longer than the 255 characters IAM allows for an OIDC client id (audience)' }).regex(/^[^$*?]*$/, { error: 'must not contain "$", "*" or "?": the trust compares it exactly' });

/**
 * HCP Terraform dynamic provider credentials: every stack runs in its own workspace with no stored AWS
 * keys, through a plan role and an apply role of its own that trust only that workspace's token.
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
 */
export const HcpTerraform = z.strictObject({
  /** The `app.terraform.io` (or backend hostname) OIDC provider in each account. Default create. */
  oidcProvider: OidcProviderMode.optional(),
  /** The audience of the workspaces' tokens. Default aws.workload.identity. */
  audience: HcpAudience.optional(),
  /** The role a plan (and a speculative plan) of the stack's workspace assumes. Default tfc-plan-{stack}. */
  planRoleName: DeployerRoleNamePattern.optional(),
  /** The role the apply phase of the stack's workspace assumes. Default tfc-apply-{stack}. */
  applyRoleName: DeployerRoleNamePattern.optional(),
  /** Path of both roles. Default /hcp-terraform/. */
  rolePath: IamPath.optional(),
  /** The plan and apply roles exist already (made by hand): imported by the bootstrap, not created. Default false. */
  adoptRoles: z.boolean().optional(),
  /** State of the bootstrap stacks. Default local (in each bootstrap stack's folder). */
  bootstrapBackend: BootstrapBackend.optional(),
  /** The workspaces stack (tfe provider). */
  workspaces: z
    .strictObject({
      /** Key-value tags on every workspace, beside managed-by, stack and kind. */
      tags: z
        .record(
          z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, { error: 'must be a workspace tag key: letters, digits, "_", "." and "-", at most 128' }),
          z.string().regex(/^[A-Za-z0-9_.:/=+@ -]{0,256}$/, { error: 'must be a workspace tag value: letters, digits, spaces and _.:/=+@-, at most 256' }),
        )
        .optional(),
      /** Terraform version of every workspace, e.g. "~> 1.11.0". Default: the organization's default. */
      terraformVersion: z.string().regex(/^[0-9a-z~><=!., -]+$/, { error: 'must be a Terraform version or constraint such as 1.11.4 or "~> 1.11.0"' }).optional(),
    })
    .optional(),
});

/** A lint finding accepted on purpose; the reason is required. */
export const LintSuppression = z.strictObject({
  rule: z.string().regex(/^CAI\d{3}$/, { error: 'must be a lint rule id such as CAI005' }),
  role: z.string().optional(),
  /** The group, permission set, SAML role or OIDC entry the finding is about. */
  group: z.string().optional(),
  account: z.string().optional(),
  reason: z
    .string({ error: (iss) => (iss.input === undefined ? 'is required: say why this finding is accepted' : 'must be text') })
    .min(10, { error: 'must say why the finding is accepted (at least 10 characters)' }),
});

/** Guardrails around the roles, each optional. */
export const Guardrails = z.strictObject({
  /** An `organization` stack in the management account with a resource control policy. */
  organization: z
    .strictObject({
      managementAccountId: AccountId,
      /** Role the provider assumes in the management account. Default: deployment.roleName. */
      roleName: RoleName.optional(),
      /** Where to attach the policy: the root (r-...), OUs (ou-...) or account ids. */
      targets: z.array(z.string().regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/, { error: 'must be a root id (r-xxxx), an OU id (ou-xxxx-xxxxxxxx) or a 12-digit account id' })).min(1),
      /** Roles third parties may still assume; default: every role that trusts a principal outside the org. */
      exceptRoles: z.array(z.string()).optional(),
    })
    .optional(),
  /** Where alerts of roles with alertOnAssume go: an SNS topic per account with these emails, or an existing topic. */
  alerts: z
    .strictObject({
      emails: z.array(z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: 'must be an email address' })).optional(),
      topicArn: z.string().regex(/^arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]+$/, { error: 'must be an SNS topic ARN' }).optional(),
      /**
       * Regions where an AssumeRole of a break-glass role is watched (STS logs it in the region of the
       * endpoint called): every region your accounts may use. Default: the org file's regions and us-east-1.
       */
      regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as eu-west-1' })).min(1, { error: 'names no region: list every region your accounts may use, or remove the key' }).optional(),
    })
    .optional(),
  /** IAM Access Analyzer: one per account, or one for the organization (in the organization stack). */
  accessAnalyzer: z.enum(['account', 'organization'], { error: 'must be "account" or "organization"' }).optional(),
});

/** Quotas raised for this organization by AWS quota requests; defaults are IAM's. */
export const QuotasFile = z.strictObject({
  /** Role trust policy length. Default 2048; raise it only after AWS raised the quota. */
  trustPolicySize: z.number().int().min(2048, { error: 'cannot be below IAM\'s default of 2048' }).max(8192, { error: 'must be at most 8192' }).optional(),
  /** Managed policies per role. Default 10, raisable to 20. */
  managedPoliciesPerRole: z.number().int().min(10, { error: 'cannot be below IAM\'s default of 10' }).max(20, { error: 'can be raised to 20 at most' }).optional(),
  /** Roles per account. Default 1000. */
  rolesPerAccount: z.number().int().min(1000, { error: 'cannot be below IAM\'s default of 1000' }).max(5000, { error: 'can be raised to 5000 at most' }).optional(),
  /** Groups per account. Default 300, raisable to 500. */
  groupsPerAccount: z.number().int().min(300, { error: 'cannot be below IAM\'s default of 300' }).max(500, { error: 'can be raised to 500 at most' }).optional(),
});

export const OrgFileSchema = z.strictObject({
  $schema: z.string().optional(),
  organization: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be a short lowercase name (a-z, 0-9, "-"), e.g. acme' }),
  orgId: z.string().regex(/^o-[a-z0-9]{10,32}$/, { error: 'must be an AWS Organizations id such as o-a1b2c3d4e5' }).optional(),
  /** The id of the organization's root (r-...): the start of every organizational unit's path. */
  orgRootId: z.string().regex(/^r-[0-9a-z]{4,32}$/, { error: 'must be the id of the organization\'s root such as r-ab12 (aws organizations list-roots)' }).optional(),
  /** The organizational units (OUs) of the organization, by a key of your choice: their ids and parents. */
  organizationalUnits: z.record(UnitKey, OrganizationalUnit).optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as us-east-1' }),
  identity: z.strictObject({ accountId: AccountId }),
  deployment: z
    .strictObject({
      roleName: RoleName.optional(),
      externalId: DeploymentReach.shape.externalId,
      backend: Backend.optional(),
      /** HCP Terraform dynamic provider credentials (needs backend type cloud). */
      hcpTerraform: HcpTerraform.optional(),
    })
    .optional(),
  accounts: z.record(AccountKey, Account),
  /** Customer managed policies, by name; roles attach them by name in managedPolicies or permissionsBoundary. */
  policies: z.record(IamName, CustomerPolicy).optional(),
  roles: z.record(RoleName, Role).optional(),
  groups: z.record(IamName, Group).optional(),
  /** People signed in through IAM Identity Center, by permission set name. */
  permissionSets: z.record(PermissionSetName, PermissionSet).optional(),
  /** Roles of the identity account that people reach through a SAML identity provider, by role name. */
  samlRoles: z.record(RoleName, SamlRole).optional(),
  /** GitHub Actions deploys without stored keys, by a name of your choice. */
  githubActions: z.record(IamName, GitHubActions).optional(),
  /** Workloads of other OIDC issuers, by a name of your choice. */
  oidc: z.record(IamName, Oidc).optional(),
  quotas: QuotasFile.optional(),
  guardrails: Guardrails.optional(),
  lint: z.strictObject({ suppressions: z.array(LintSuppression).optional() }).optional(),
});

/** The org file as written, after schema validation. */
export type OrgFile = z.infer<typeof OrgFileSchema>;
export type RoleFile = z.infer<typeof Role>;
export type BackendFile = z.infer<typeof Backend>;
export type HcpTerraformFile = z.infer<typeof HcpTerraform>;
export type BootstrapBackendFile = z.infer<typeof BootstrapBackend>;
export type IdentityPolicyFile = z.infer<typeof IdentityPolicy>;
export type GrantSpecFile = z.infer<typeof GrantSpec>;
export type AssumeValueFile = '*' | string[] | GrantSpecFile;
export type CustomerPolicyFile = z.infer<typeof CustomerPolicy>;
