/**
 * Reads live IAM with the AWS SDK v3, through the admin path the stacks use: the deployment role
 * of each account (default OrganizationAccountAccessRole), assumed with the caller's credentials.
 * With an endpoint (an AWS API emulator, as the sandbox uses) every call goes there with fake keys.
 * Accounts are read `concurrency` at a time; every call is retried on throttling (retry.ts).
 * A failed account does not stop the others: it is returned as a failure, with the AWS error.
 */
import {
  GetGroupPolicyCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountFailure, LiveAccount, LiveAttachedPolicy, LiveCustomerPolicy, LiveDocument, LiveGroup, LiveIdentity, LiveNamedDocument, LiveOidcProvider, LiveRole, accountOfArn } from './live';
import { mapBounded, RetryOptions, withRetries } from './retry';

/** Fake keys for an emulator: moto and LocalStack take any, AWS none. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface Reach {
  /** The deployment role assumed in the account. */
  readonly roleName: string;
  readonly externalId?: string;
}

export interface ReadOptions {
  /** An AWS-compatible endpoint (the emulator); AWS itself when undefined. */
  readonly endpoint?: string;
  readonly region: string;
  /** Accounts read at once. Default 8. */
  readonly concurrency?: number;
  readonly retry?: RetryOptions;
  /** One line of progress (stderr). */
  readonly progress?: (line: string) => void;
  /** Session name of the AssumeRole calls. */
  readonly sessionName?: string;
}

export interface AccountToRead {
  readonly key: string;
  readonly accountId: string;
  readonly reach: Reach;
}

/** Documents come URL-encoded from IAM (moto sends some as they were given). */
export function parseDocument(text: string | undefined): LiveDocument {
  if (!text) return { Statement: [] };
  const raw = text.trim().startsWith('{') ? text : decodeURIComponent(text);
  return JSON.parse(raw) as LiveDocument;
}

function clientConfig(options: ReadOptions) {
  return {
    region: options.region,
    // Retries are ours (withRetries): backoff with jitter on throttling, no other retry.
    maxAttempts: 1,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: EMULATOR_CREDENTIALS } : {}),
  };
}

/** An IAM client acting as the deployment role of `account`. */
async function iamFor(account: AccountToRead, options: ReadOptions): Promise<IAMClient> {
  const sts = new STSClient(clientConfig(options));
  const roleArn = `arn:aws:iam::${account.accountId}:role/${account.reach.roleName}`;
  const { Credentials: c } = await withRetries(
    () => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: options.sessionName ?? 'cross-account-iam-import', ...(account.reach.externalId ? { ExternalId: account.reach.externalId } : {}) })),
    options.retry,
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole of ${roleArn} returned no credentials`);
  return new IAMClient({ ...clientConfig(options), credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
}

/** Every page of an IAM list call (Marker / IsTruncated). */
async function allPages<T>(fetch: (marker?: string) => Promise<{ items: T[]; marker?: string; truncated?: boolean }>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    out.push(...page.items);
    marker = page.truncated ? page.marker : undefined;
  } while (marker);
  return out;
}

/** Reads one account's IAM through `iam`, each call retried on throttling. */
class AccountReader {
  private readonly policyDocs = new Map<string, Promise<LiveCustomerPolicy>>();
  constructor(
    private readonly iam: IAMClient,
    private readonly retry: RetryOptions | undefined,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send<T>(command: any): Promise<T> {
    return withRetries(() => this.iam.send(command) as Promise<T>, this.retry);
  }

  /** A managed policy's default version, once per ARN. */
  policy(arn: string): Promise<LiveCustomerPolicy> {
    let p = this.policyDocs.get(arn);
    if (!p) {
      p = (async () => {
        const { Policy } = await this.send<{ Policy?: { PolicyName?: string; Path?: string; Description?: string; DefaultVersionId?: string } }>(new GetPolicyCommand({ PolicyArn: arn }));
        const { PolicyVersion } = await this.send<{ PolicyVersion?: { Document?: string } }>(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy?.DefaultVersionId ?? 'v1' }));
        return { arn, name: Policy?.PolicyName ?? arn.split('/').pop()!, path: Policy?.Path ?? '/', ...(Policy?.Description ? { description: Policy.Description } : {}), document: parseDocument(PolicyVersion?.Document) };
      })();
      this.policyDocs.set(arn, p);
    }
    return p;
  }

  async groups(): Promise<LiveGroup[]> {
    const groups = await allPages(async (Marker) => {
      const r = await this.send<{ Groups?: { GroupName?: string; Path?: string }[]; Marker?: string; IsTruncated?: boolean }>(new ListGroupsCommand({ Marker }));
      return { items: r.Groups ?? [], marker: r.Marker, truncated: r.IsTruncated };
    });
    return mapBounded(groups, 4, async (g) => {
      const name = g.GroupName!;
      const inlineNames = await allPages(async (Marker) => {
        const r = await this.send<{ PolicyNames?: string[]; Marker?: string; IsTruncated?: boolean }>(new ListGroupPoliciesCommand({ GroupName: name, Marker }));
        return { items: r.PolicyNames ?? [], marker: r.Marker, truncated: r.IsTruncated };
      });
      const inlinePolicies: LiveNamedDocument[] = [];
      for (const policyName of inlineNames) {
        const r = await this.send<{ PolicyDocument?: string }>(new GetGroupPolicyCommand({ GroupName: name, PolicyName: policyName }));
        inlinePolicies.push({ name: policyName, document: parseDocument(r.PolicyDocument) });
      }
      const attached = await allPages(async (Marker) => {
        const r = await this.send<{ AttachedPolicies?: { PolicyArn?: string; PolicyName?: string }[]; Marker?: string; IsTruncated?: boolean }>(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker }));
        return { items: r.AttachedPolicies ?? [], marker: r.Marker, truncated: r.IsTruncated };
      });
      const attachedPolicies: LiveAttachedPolicy[] = [];
      for (const a of attached) attachedPolicies.push({ arn: a.PolicyArn!, name: a.PolicyName!, document: (await this.policy(a.PolicyArn!)).document });
      return { name, path: g.Path ?? '/', inlinePolicies, attachedPolicies };
    });
  }

  async roles(skip: (name: string, path: string) => boolean, skipped: { name: string; path: string }[] = []): Promise<LiveRole[]> {
    const listed = await allPages(async (Marker) => {
      const r = await this.send<{ Roles?: { RoleName?: string; Path?: string }[]; Marker?: string; IsTruncated?: boolean }>(new ListRolesCommand({ Marker }));
      return { items: r.Roles ?? [], marker: r.Marker, truncated: r.IsTruncated };
    });
    for (const r of listed) if (skip(r.RoleName!, r.Path ?? '/')) skipped.push({ name: r.RoleName!, path: r.Path ?? '/' });
    const wanted = listed.filter((r) => !skip(r.RoleName!, r.Path ?? '/'));
    return mapBounded(wanted, 4, async (listedRole) => {
      const name = listedRole.RoleName!;
      const { Role: role } = await this.send<{
        Role?: { RoleName?: string; Path?: string; Arn?: string; Description?: string; AssumeRolePolicyDocument?: string; MaxSessionDuration?: number; PermissionsBoundary?: { PermissionsBoundaryArn?: string }; Tags?: { Key?: string; Value?: string }[] };
      }>(new GetRoleCommand({ RoleName: name }));
      const inlineNames = await allPages(async (Marker) => {
        const r = await this.send<{ PolicyNames?: string[]; Marker?: string; IsTruncated?: boolean }>(new ListRolePoliciesCommand({ RoleName: name, Marker }));
        return { items: r.PolicyNames ?? [], marker: r.Marker, truncated: r.IsTruncated };
      });
      const inlinePolicies: LiveNamedDocument[] = [];
      for (const policyName of inlineNames) {
        const r = await this.send<{ PolicyDocument?: string }>(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }));
        inlinePolicies.push({ name: policyName, document: parseDocument(r.PolicyDocument) });
      }
      const attached = await allPages(async (Marker) => {
        const r = await this.send<{ AttachedPolicies?: { PolicyArn?: string; PolicyName?: string }[]; Marker?: string; IsTruncated?: boolean }>(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker }));
        return { items: r.AttachedPolicies ?? [], marker: r.Marker, truncated: r.IsTruncated };
      });
      const path = role?.Path ?? listedRole.Path ?? '/';
      return {
        name,
        path,
        arn: role?.Arn ?? `arn:aws:iam::unknown:role${path}${name}`,
        ...(role?.Description ? { description: role.Description } : {}),
        trustPolicy: parseDocument(role?.AssumeRolePolicyDocument),
        maxSessionDuration: role?.MaxSessionDuration ?? 3600,
        ...(role?.PermissionsBoundary?.PermissionsBoundaryArn ? { permissionsBoundary: role.PermissionsBoundary.PermissionsBoundaryArn } : {}),
        tags: Object.fromEntries((role?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
        attachedPolicies: attached.map((a) => ({ arn: a.PolicyArn!, name: a.PolicyName! })),
        inlinePolicies,
      };
    });
  }

  async oidcProviders(): Promise<LiveOidcProvider[]> {
    const r = await this.send<{ OpenIDConnectProviderList?: { Arn?: string }[] }>(new ListOpenIDConnectProvidersCommand({}));
    const out: LiveOidcProvider[] = [];
    for (const p of r.OpenIDConnectProviderList ?? []) {
      const got = await this.send<{ Url?: string; ClientIDList?: string[]; ThumbprintList?: string[] }>(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: p.Arn! }));
      out.push({ arn: p.Arn!, url: (got.Url ?? '').replace(/^https:\/\//, ''), clientIds: got.ClientIDList ?? [], thumbprints: got.ThumbprintList ?? [] });
    }
    return out;
  }
}

/** Roles AWS makes and manages (service-linked, Identity Center's): never the org file's. */
export const awsManagedRolePath = (path: string) => path.startsWith('/aws-service-role/') || path.startsWith('/aws-reserved/');

export interface ReadResult {
  readonly identity?: LiveIdentity;
  readonly accounts: LiveAccount[];
  readonly failures: AccountFailure[];
}

const errorText = (err: unknown) => {
  const e = err as { name?: string; message?: string };
  return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message ?? String(err)}`;
};

/**
 * Reads the identity account's groups and every member account's roles. Every account is tried;
 * the failures come back with their errors, and the caller decides (import writes nothing then).
 */
export async function readEstate(identity: AccountToRead, members: readonly AccountToRead[], options: ReadOptions): Promise<ReadResult> {
  const say = options.progress ?? (() => undefined);
  const retry: RetryOptions = {
    ...options.retry,
    onRetry: (attempt, delay, err) => {
      say(`  throttled (${errorText(err)}): retry ${attempt} in ${delay} ms`);
      options.retry?.onRetry?.(attempt, delay, err);
    },
  };
  const failures: AccountFailure[] = [];
  const total = members.length + 1;
  let done = 0;
  const tick = (what: string) => say(`[${++done}/${total}] ${what}`);

  let liveIdentity: LiveIdentity | undefined;
  const readIdentity = async () => {
    try {
      const reader = new AccountReader(await iamFor(identity, options), retry);
      const groups = await reader.groups();
      const roles = await reader.roles((_name, path) => awsManagedRolePath(path));
      const identityRoles = await mapBounded(roles, 4, async (r) => ({
        name: r.name,
        arn: r.arn,
        policies: [...r.inlinePolicies.map((p) => p.document), ...(await Promise.all(r.attachedPolicies.map(async (a) => (await reader.policy(a.arn)).document)))],
      }));
      liveIdentity = { accountId: identity.accountId, groups, roles: identityRoles };
      tick(`identity ${identity.accountId}: ${liveIdentity.groups.length} groups`);
    } catch (err) {
      failures.push({ key: identity.key, accountId: identity.accountId, error: errorText(err) });
      tick(`identity ${identity.accountId}: FAILED: ${errorText(err)}`);
    }
  };
  const accounts: (LiveAccount | undefined)[] = [];
  const readMember = async (account: AccountToRead, i: number) => {
    try {
      const reader = new AccountReader(await iamFor(account, options), retry);
      const notRead: { name: string; path: string }[] = [];
      const roles = await reader.roles((name, path) => awsManagedRolePath(path) || name === account.reach.roleName, notRead);
      const skipped = notRead.map((r) => ({ ...r, why: awsManagedRolePath(r.path) ? `made and managed by AWS (path ${r.path}): never the org file's` : 'the deployment role the stacks and import reach the account through: never imported' }));
      const customer = new Set<string>();
      for (const r of roles) {
        for (const a of r.attachedPolicies) if (accountOfArn(a.arn) === account.accountId) customer.add(a.arn);
        if (r.permissionsBoundary && accountOfArn(r.permissionsBoundary) === account.accountId) customer.add(r.permissionsBoundary);
      }
      const customerPolicies: Record<string, LiveCustomerPolicy> = {};
      for (const arn of [...customer].sort()) customerPolicies[arn] = await reader.policy(arn);
      accounts[i] = { key: account.key, accountId: account.accountId, roles, customerPolicies, oidcProviders: await reader.oidcProviders(), ...(skipped.length ? { skipped } : {}) };
      tick(`${account.key} ${account.accountId}: ${roles.length} roles`);
    } catch (err) {
      failures.push({ key: account.key, accountId: account.accountId, error: errorText(err) });
      tick(`${account.key} ${account.accountId}: FAILED: ${errorText(err)}`);
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 8);
  await Promise.all([readIdentity(), mapBounded(members, concurrency, readMember)]);
  return { identity: liveIdentity, accounts: accounts.filter((a): a is LiveAccount => a !== undefined), failures: failures.sort((a, b) => a.key.localeCompare(b.key)) };
}

/** The organization's accounts (AWS Organizations, from the caller's credentials: the management account or a delegated administrator). */
export async function listOrganizationAccounts(options: ReadOptions): Promise<{ orgId?: string; accounts: { id: string; name: string }[] }> {
  const org = new OrganizationsClient(clientConfig(options));
  const accounts: { id: string; name: string }[] = [];
  let NextToken: string | undefined;
  do {
    const page = await withRetries(() => org.send(new ListAccountsCommand({ NextToken })), options.retry);
    for (const a of page.Accounts ?? []) if (a.Id && (a.Status === undefined || a.Status === 'ACTIVE')) accounts.push({ id: a.Id, name: a.Name ?? a.Id });
    NextToken = page.NextToken;
  } while (NextToken);
  const described = await withRetries(() => org.send(new DescribeOrganizationCommand({})), options.retry).catch(() => undefined);
  return { orgId: described?.Organization?.Id, accounts };
}
