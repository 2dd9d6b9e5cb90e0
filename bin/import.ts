/**
 * `cross-account-iam import`: reads the cross-account access a team already has (the identity
 * account's groups, the member accounts' roles) through the deployment role of each account, and
 * writes an org file that says exactly that, every role and group marked `adopt: true`, with a
 * report of everything it could not say. Then it proves the org file grants exactly the live
 * access, pair by pair (import-proof.ts). `--check FILE` re-reads live AWS and compares it with an
 * existing org file instead. When an account cannot be read, nothing is written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { mapEstate, MapResult } from '../import/map';
import { AccountToRead, listOrganizationAccounts, readEstate } from '../import/read';
import { renderOrgFile, renderReportJson, renderReportMarkdown } from '../import/write';
import { LiveEstate } from '../import/live';
import { parseOrg } from '../org/load';
import { OrgModel } from '../org/model';
import { compareAccess, liveAsSynthesized, renderProof, synthesizedOf } from './import-proof';

export interface ImportOptions {
  readonly accounts?: string;
  readonly fromOrgFile?: string;
  readonly organizations?: boolean;
  readonly identityAccount?: string;
  readonly roleName: string;
  readonly endpoint?: string;
  readonly region: string;
  readonly organization?: string;
  readonly concurrency: string;
  readonly out: string;
  readonly report?: string;
  readonly check?: string;
  readonly proof: boolean;
}

/** A mistake in the command line: one line, exit 2. */
export class ImportUsageError extends Error {}

const DEFAULT_ROLE = 'OrganizationAccountAccessRole';

/** `dev=222222222222,prod=333333333333` as accounts. */
export function parseAccountList(text: string): { key: string; accountId: string }[] {
  const items = text.split(/[,\s]+/).filter(Boolean);
  if (items.length === 0) throw new ImportUsageError('--accounts names no account. Fix: --accounts dev=222222222222,prod=333333333333');
  const seen = new Set<string>();
  return items.map((item) => {
    const m = /^([a-z][a-z0-9-]{0,63})=(\d{12})$/.exec(item);
    if (!m) throw new ImportUsageError(`--accounts: "${item}" is not name=id (a lowercase name of a-z, 0-9 and "-", then "=" and a 12-digit account id), e.g. dev=222222222222`);
    if (seen.has(m[1])) throw new ImportUsageError(`--accounts: the name "${m[1]}" is given twice`);
    seen.add(m[1]);
    return { key: m[1], accountId: m[2] };
  });
}

/** An account name from AWS Organizations as an account key (a-z, 0-9, -), unique among `taken`. */
export function accountKeyOf(name: string, id: string, taken: Set<string>): string {
  let key = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56);
  if (!/^[a-z]/.test(key)) key = `a-${key || id}`;
  if (key === 'identity' || key === 'organization' || key === 'workspaces') key = `${key}-${id}`;
  let out = key;
  for (let n = 2; taken.has(out); n++) out = `${key}-${n}`;
  taken.add(out);
  return out;
}

interface OrgFileAccounts {
  organization?: string;
  region?: string;
  identity?: { accountId?: string };
  deployment?: { roleName?: string; externalId?: string };
  accounts?: Record<string, { accountId: string; deployment?: { roleName?: string; externalId?: string } }>;
}

interface Plan {
  readonly identity: AccountToRead;
  readonly members: AccountToRead[];
  readonly organization: string;
  readonly region: string;
  readonly roleName: string;
  readonly accountDeployment: Record<string, { roleName?: string; externalId?: string }>;
  readonly organizationAccountIds?: Set<string>;
}

async function planOf(opts: ImportOptions): Promise<Plan> {
  const sources = [opts.accounts !== undefined, opts.fromOrgFile !== undefined, opts.organizations === true, opts.check !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new ImportUsageError('import: give the accounts one way: --accounts name=id,..., --from-org-file FILE, --organizations, or --check FILE.');
  const concurrencyOk = Number.isInteger(Number(opts.concurrency)) && Number(opts.concurrency) >= 1;
  if (!concurrencyOk) throw new ImportUsageError(`--concurrency must be a whole number of at least 1, not "${opts.concurrency}".`);
  const fromFile = opts.fromOrgFile ?? opts.check;
  let organization = opts.organization;
  let region = opts.region;
  let identityId = opts.identityAccount;
  let roleName = opts.roleName;
  let deploymentExternalId: string | undefined;
  const accountDeployment: Record<string, { roleName?: string; externalId?: string }> = {};
  let members: { key: string; accountId: string }[];
  let organizationAccountIds: Set<string> | undefined;
  if (fromFile) {
    if (!existsSync(fromFile)) throw new ImportUsageError(`${fromFile} does not exist.`);
    const file = (parseYaml(readFileSync(fromFile, 'utf8'), { version: '1.2' }) ?? {}) as OrgFileAccounts;
    organization ??= file.organization;
    if (opts.region === 'us-east-1' && file.region) region = file.region;
    identityId ??= file.identity?.accountId;
    if (roleName === DEFAULT_ROLE && file.deployment?.roleName) roleName = file.deployment.roleName;
    deploymentExternalId = file.deployment?.externalId;
    members = Object.entries(file.accounts ?? {}).map(([key, a]) => {
      if (a.deployment) accountDeployment[key] = a.deployment;
      return { key, accountId: String(a.accountId) };
    });
  } else if (opts.accounts !== undefined) members = parseAccountList(opts.accounts);
  else {
    const listed = await listOrganizationAccounts({ endpoint: opts.endpoint, region });
    const taken = new Set<string>();
    organizationAccountIds = new Set(listed.accounts.map((a) => a.id));
    members = listed.accounts.filter((a) => a.id !== identityId).sort((a, b) => a.name.localeCompare(b.name)).map((a) => ({ key: accountKeyOf(a.name, a.id, taken), accountId: a.id }));
  }
  if (!identityId || !/^\d{12}$/.test(identityId)) throw new ImportUsageError('import needs the identity account: --identity-account 111111111111 (12 digits).');
  if (members.length === 0) throw new ImportUsageError('import: no member account to read.');
  const reach = (key: string) => ({ roleName: accountDeployment[key]?.roleName ?? roleName, externalId: accountDeployment[key]?.externalId ?? deploymentExternalId });
  return {
    identity: { key: 'identity', accountId: identityId, reach: { roleName, externalId: deploymentExternalId } },
    members: members.map((m) => ({ ...m, reach: reach(m.key) })),
    organization: organization ?? 'imported',
    region,
    roleName,
    accountDeployment,
    organizationAccountIds,
  };
}

function writeFile(file: string, text: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, text);
}

/** Runs the import (or the check); returns the exit code. Progress goes to `progress` (stderr), results to `say` (stdout). */
export async function runImport(opts: ImportOptions, say: (text: string) => void, progress: (line: string) => void): Promise<number> {
  const plan = await planOf(opts);
  progress(`Reading ${plan.members.length} member account${plan.members.length === 1 ? '' : 's'} and the identity account ${plan.identity.accountId} through ${plan.roleName}${opts.endpoint ? ` at ${opts.endpoint} (an emulator, not AWS)` : ''}, ${opts.concurrency} at a time`);
  const read = await readEstate(plan.identity, plan.members, { endpoint: opts.endpoint, region: plan.region, concurrency: Number(opts.concurrency), progress });
  if (read.failures.length > 0 || !read.identity) {
    say(`Nothing written: ${read.failures.length} of ${plan.members.length + 1} accounts could not be read (an org file without them would not say what you have):\n`);
    for (const f of read.failures) say(`  ${f.key} (${f.accountId}): ${f.error}\n`);
    say('Fix the access to those accounts (the deployment role, its trust of your credentials), or leave them out of the list, and run import again.\n');
    return 1;
  }
  const live: LiveEstate = { identity: read.identity, accounts: read.accounts };

  if (opts.check) {
    const model = parseOrg(readFileSync(opts.check, 'utf8'), opts.check);
    const file = await synthesizedOf(model);
    const scope = { roles: file.synth.accounts.flatMap((a) => a.roles.map((r) => ({ accountId: a.accountId, name: r.name }))), groups: (file.synth.identity?.groups ?? []).map((g) => g.name) };
    const proof = compareAccess(liveAsSynthesized(live, scope), file);
    say(renderProof(proof));
    return proof.onlyLive.length + proof.onlyFile.length === 0 ? 0 : 1;
  }

  const result: MapResult = mapEstate(live, {
    organization: plan.organization,
    region: plan.region,
    identityAccountId: plan.identity.accountId,
    deploymentRoleName: plan.roleName,
    accountDeployment: plan.accountDeployment,
    organizationAccountIds: plan.organizationAccountIds,
  });
  const text = renderOrgFile(result.draft, [
    `Imported by \`cross-account-iam import\` from ${opts.endpoint ? `the emulator at ${opts.endpoint}` : 'AWS'}: ${live.accounts.length} member accounts, identity ${plan.identity.accountId}.`,
    'Every role and group below exists already (adopt: true): the first apply imports it and rewrites its policies in this',
    "project's form, with the same access (the proof at the end of the import). What could not be said exactly is not here:",
    `see ${opts.report ?? `${opts.out}.report.md`}. Those roles and groups stay unmanaged and untouched.`,
  ]);
  writeFile(opts.out, text);
  const reportFile = opts.report ?? `${opts.out}.report.md`;
  writeFile(reportFile, reportFile.endsWith('.json') ? renderReportJson(result) : renderReportMarkdown(result));
  const counts = (kind: string) => result.report.filter((e) => e.kind === kind).length;
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  say(`Wrote ${opts.out}: ${n(new Set(result.imported.roles.map((r) => r.name)).size, 'role')} (${result.imported.roles.length} in all accounts) and ${n(result.imported.groups.length, 'group')} to adopt.\n`);
  say(`Wrote ${reportFile}: ${counts('left-out')} left out, ${counts('narrows')} imported with less access, ${counts('note')} notes.\n`);
  if (!opts.proof) return 0;
  const model: OrgModel = parseOrg(text, opts.out);
  const proof = compareAccess(liveAsSynthesized(live, { roles: result.imported.roles, groups: result.imported.groups }), await synthesizedOf(model));
  say(renderProof(proof));
  return proof.onlyLive.length + proof.onlyFile.length === 0 ? 0 : 1;
}

/** Adds the `import` subcommand to the CLI. */
export function addImportCommand(program: Command): void {
  program
    .command('import')
    .summary('read live access into an org file to adopt')
    .description(
      "read the identity account's groups and the member accounts' roles (trusts, policies, boundary, session, path, tags, OIDC providers) through the deployment role " +
        'of each account, and write an org file that says exactly that, every role and group marked adopt: true, plus a report of what it could not say; ' +
        'then prove, pair by pair, that the org file grants exactly the live access. Nothing is written when an account cannot be read.',
    )
    .option('--accounts <list>', 'member accounts as name=id, comma-separated (e.g. dev=222222222222,prod=333333333333)')
    .option('--from-org-file <file>', 'the accounts (and identity account, region, deployment roles) of an org file')
    .option('--organizations', 'every active account of AWS Organizations (from the management account or a delegated administrator), but the identity account')
    .option('--identity-account <id>', 'the identity account (the hub with the groups)')
    .option('--role-name <name>', 'the deployment role assumed in each account', DEFAULT_ROLE)
    .option('--endpoint <url>', 'an AWS API emulator (moto) instead of AWS, as the sandbox uses; fake keys')
    .option('--region <region>', 'the region of the org file and of the API calls', 'us-east-1')
    .option('--organization <name>', 'the org file\'s organization name (default: the org file\'s, else "imported")')
    .option('--concurrency <n>', 'accounts read at once', '8')
    .option('--out <file>', 'the org file written', 'org.imported.yaml')
    .option('--report <file>', 'the report of what was left out (Markdown; JSON when it ends in .json); default <out>.report.md')
    .option('--check <file>', 'write nothing: read live access and compare it with this org file, pair by pair (exit 1 on any difference)')
    .addOption(new Option('--no-proof', 'skip the comparison after writing'))
    .action(async (opts: ImportOptions) => {
      try {
        process.exitCode = await runImport(opts, (t) => process.stdout.write(t), (l) => process.stderr.write(`${l}\n`));
      } catch (err) {
        if (err instanceof ImportUsageError) throw new Error(err.message);
        throw err;
      }
    });
}
