import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { customerPolicyArn, roleArn } from '../policy/arn';
import { ConditionKey, ConditionOperator } from '../policy/condition';

/**
 * What will really be deployed, read back from a synthesized folder (`cdktf.out`): the review
 * tools and the end-to-end tests judge this, not the org file, so a generator bug shows.
 */
export interface SynthesizedOrg {
  readonly identity?: SynthesizedIdentity;
  readonly accounts: readonly SynthesizedAccount[];
}

export interface SynthesizedIdentity {
  readonly accountId: string;
  readonly region?: string;
  readonly groups: readonly SynthesizedGroup[];
  /** Roles of the identity account that people enter through a SAML identity provider. */
  readonly samlRoles?: readonly SynthesizedSamlRole[];
  /** IAM Identity Center permission sets whose policy the identity stack outputs (`permission_set_<name>_policy`). */
  readonly permissionSets?: readonly SynthesizedPermissionSet[];
}

/** A role of the identity account trusting a SAML provider (`sts:AssumeRoleWithSAML`); its policies name the roles it may assume, as a group's do. */
export interface SynthesizedSamlRole {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  /** The IAM SAML provider's ARN (`...:saml-provider/Okta`). */
  readonly providerArn: string;
  /** `SAML:aud` values the trust asks for. */
  readonly audiences: readonly string[];
  readonly maxSessionDuration: number;
  /** Attached customer policies of the identity stack and inline policies. */
  readonly policies: readonly { readonly name: string; readonly document: PolicyJson }[];
}

/** A permission set's policy as the identity stack outputs it (Identity Center holds the permission set). */
export interface SynthesizedPermissionSet {
  readonly name: string;
  readonly policy: PolicyJson;
}

export interface SynthesizedGroup {
  readonly name: string;
  readonly path: string;
  /** Every policy that applies to the group's members: attached managed and inline. */
  readonly policies: readonly { readonly name: string; readonly document: PolicyJson }[];
}

export interface SynthesizedAccount {
  readonly stack: string;
  readonly accountId: string;
  /** The `Environment` default tag of the stack, when set. */
  readonly environment?: string;
  readonly region?: string;
  /** Its `aws:ResourceOrgPaths` value (output `organizational_unit_path`), when the org file names its unit. */
  readonly orgPath?: string;
  readonly roles: readonly SynthesizedRole[];
}

export interface SynthesizedRole {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  readonly trustPolicy: PolicyJson;
  readonly managedPolicyArns: readonly string[];
  /** Documents of the attached (or boundary) customer policies this stack creates, by ARN. */
  readonly customerPolicies?: Readonly<Record<string, PolicyJson>>;
  readonly inlinePolicies: readonly { readonly name: string; readonly document: PolicyJson }[];
  readonly permissionsBoundary?: string;
  readonly maxSessionDuration: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** An IAM policy document as parsed JSON. */
export interface PolicyJson {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[] | Record<string, unknown>;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;
interface StackJson {
  provider?: { aws?: { allowed_account_ids?: string[]; assume_role?: { role_arn?: string }[]; region?: string; default_tags?: { tags?: Record<string, string> }[] }[] };
  resource?: Resources;
  output?: Record<string, { value?: unknown }>;
}

/** Reads every `stacks/<name>/cdk.tf.json` below `outdir`, or only the stacks in `only`. */
export function readSynthesizedOrg(outdir: string, identityStack = 'identity', only?: ReadonlySet<string>): SynthesizedOrg {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) throw new Error(`${outdir} holds no synthesized stacks (no ${stacksDir}). Run \`npx cdktf synth\` first.`);
  let identity: SynthesizedIdentity | undefined;
  const accounts: SynthesizedAccount[] = [];
  for (const stack of readdirSync(stacksDir).sort()) {
    if (only && !only.has(stack)) continue;
    const file = join(stacksDir, stack, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as StackJson;
    // HCP Terraform mode's workspaces stack has no AWS provider. Its bootstrap stacks are read as
    // the others: their deployer roles and the workspace tokens they trust are access to review.
    if (!json.provider?.aws) continue;
    const accountId = stackAccountId(json, stack);
    const provider = json.provider?.aws?.[0];
    const region = provider?.region;
    if (stack === identityStack) {
      const roles = readRoles(json.resource ?? {}, accountId);
      identity = { accountId, region, groups: readGroups(json.resource ?? {}), samlRoles: samlRolesOf(roles), permissionSets: readPermissionSets(json.output ?? {}) };
    }
    else {
      const orgPath = json.output?.organizational_unit_path?.value;
      accounts.push({ stack, accountId, region, environment: provider?.default_tags?.[0]?.tags?.Environment, ...(typeof orgPath === 'string' ? { orgPath } : {}), roles: readRoles(json.resource ?? {}, accountId) });
    }
  }
  return { identity, accounts };
}

function stackAccountId(json: StackJson, stack: string): string {
  const provider = json.provider?.aws?.[0];
  const id = provider?.allowed_account_ids?.[0] ?? /^arn:aws:iam::(\d{12}):/.exec(provider?.assume_role?.[0]?.role_arn ?? '')?.[1];
  if (!id) throw new Error(`Stack ${stack} names no account (no allowed_account_ids in its AWS provider).`);
  return id;
}

/** A policy string as Terraform hands it to AWS: `$${` and `%%{` are escapes for `${` and `%{`. */
function parsePolicy(value: unknown): PolicyJson {
  return JSON.parse(String(value).replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{')) as PolicyJson;
}

/** `${aws_iam_role.role_X.name}` -> `role_X`. */
function refId(value: unknown, type: string): string | undefined {
  const m = new RegExp(`^\\$\\{${type}\\.([^.}]+)\\.[a-z_]+\\}$`).exec(String(value));
  return m?.[1];
}

function readRoles(resources: Resources, accountId: string): SynthesizedRole[] {
  const roles = resources.aws_iam_role ?? {};
  const attachments = Object.values(resources.aws_iam_role_policy_attachment ?? {});
  const exclusive = Object.values(resources.aws_iam_role_policy_attachments_exclusive ?? {});
  const inline = Object.values(resources.aws_iam_role_policy ?? {});
  // A customer policy of the same stack is attached by reference: read back as its ARN.
  const customer = resources.aws_iam_policy ?? {};
  const arnOf = (policy: Record<string, unknown>) => customerPolicyArn(accountId, String(policy.name), String(policy.path ?? '/'));
  const policyArn = (value: unknown) => {
    const policy = customer[refId(value, 'aws_iam_policy') ?? ''];
    return policy ? arnOf(policy) : String(value);
  };
  const documents = new Map(Object.values(customer).map((p) => [arnOf(p), parsePolicy(p.policy)]));
  return Object.entries(roles).map(([id, r]) => {
    const name = String(r.name);
    const path = String(r.path ?? '/');
    const mine = (v: Record<string, unknown>) => refId(v.role ?? v.role_name, 'aws_iam_role') === id || (v.role ?? v.role_name) === name;
    const managedPolicyArns = [...new Set([...attachments.filter(mine).map((a) => policyArn(a.policy_arn)), ...exclusive.filter(mine).flatMap((e) => ((e.policy_arns as string[]) ?? []).map(policyArn))])];
    const used = [...managedPolicyArns, ...(typeof r.permissions_boundary === 'string' ? [r.permissions_boundary] : [])].filter((a) => documents.has(a));
    return {
      name,
      path,
      arn: roleArn(accountId, name, path),
      description: r.description as string | undefined,
      trustPolicy: parsePolicy(r.assume_role_policy),
      managedPolicyArns,
      ...(used.length > 0 ? { customerPolicies: Object.fromEntries(used.map((a) => [a, documents.get(a)!])) } : {}),
      inlinePolicies: inline.filter(mine).map((p) => ({ name: String(p.name), document: parsePolicy(p.policy) })),
      permissionsBoundary: r.permissions_boundary as string | undefined,
      maxSessionDuration: Number(r.max_session_duration ?? 3600),
      tags: (r.tags as Record<string, string> | undefined) ?? {},
    };
  });
}

function readGroups(resources: Resources): SynthesizedGroup[] {
  const policies = resources.aws_iam_policy ?? {};
  const attachments = Object.values(resources.aws_iam_group_policy_attachment ?? {});
  const inline = Object.values(resources.aws_iam_group_policy ?? {});
  return Object.entries(resources.aws_iam_group ?? {}).map(([id, g]) => {
    const name = String(g.name);
    const mine = (v: Record<string, unknown>) => refId(v.group, 'aws_iam_group') === id || v.group === name;
    const attached = attachments.filter(mine).flatMap((a) => {
      const policy = policies[refId(a.policy_arn, 'aws_iam_policy') ?? ''];
      return policy ? [{ name: String(policy.name), document: parsePolicy(policy.policy) }] : [];
    });
    const own = inline.filter(mine).map((p) => ({ name: String(p.name), document: parsePolicy(p.policy) }));
    return { name, path: String(g.path ?? '/'), policies: [...attached, ...own] };
  });
}

/** `sts:AssumeRoleWithSAML` from a SAML provider: the identity stack's roles that people enter through their identity provider. */
function samlRolesOf(roles: readonly SynthesizedRole[]): SynthesizedSamlRole[] {
  return roles.flatMap((r) => {
    const statements = Array.isArray(r.trustPolicy.Statement) ? r.trustPolicy.Statement : [r.trustPolicy.Statement];
    const saml = statements.find((s) => {
      const federated = (s.Principal as { Federated?: unknown } | undefined)?.Federated;
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
      return s.Effect === 'Allow' && typeof federated === 'string' && federated.includes(':saml-provider/') && actions.includes('sts:AssumeRoleWithSAML');
    });
    if (!saml) return [];
    const audience = ((saml.Condition as Record<string, Record<string, unknown>> | undefined)?.[ConditionOperator.StringEquals]?.[ConditionKey.SamlAudience] ?? []) as string | string[];
    const policies = [
      ...r.managedPolicyArns.flatMap((arn) => (r.customerPolicies?.[arn] ? [{ name: arn.split('/').pop()!, document: r.customerPolicies[arn] }] : [])),
      ...r.inlinePolicies,
    ];
    return [{ name: r.name, path: r.path, arn: r.arn, providerArn: String((saml.Principal as { Federated: string }).Federated), audiences: Array.isArray(audience) ? audience : [audience], maxSessionDuration: r.maxSessionDuration, policies }];
  });
}

/**
 * The permission-set policies the identity stack outputs: `permission_set_policies`, keyed by the
 * real name; in folders of earlier versions, `permission_set_<name>_policy`.
 */
function readPermissionSets(outputs: Record<string, { value?: unknown }>): SynthesizedPermissionSet[] {
  const byName = outputs.permission_set_policies?.value;
  if (byName && typeof byName === 'object') return Object.entries(byName as Record<string, unknown>).map(([name, policy]) => ({ name, policy: parsePolicy(policy) }));
  return Object.entries(outputs).flatMap(([key, o]) => {
    const name = /^permission_set_(.+)_policy$/.exec(key)?.[1];
    return name && typeof o.value === 'string' ? [{ name, policy: parsePolicy(o.value) }] : [];
  });
}
