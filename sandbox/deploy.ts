/**
 * Deploying a synthesized org (`CROSS_ACCOUNT_IAM_ENDPOINT` set at synth) to an AWS API emulator:
 * each stack's copy for the emulator (without what it cannot take: emulator-quirks.ts), one fake
 * account per stack's account, each stack applied, planned again and destroyed with the real
 * `terraform` in its own account through its own deployment role, in dependency order, a few at a
 * time.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrgModel } from '../org/model';
import { EMULATOR_PROFILE, ENDPOINT_ENV, ENDPOINT_STATE_ENV, isEndpointOverride, providerEndpoint } from '../stacks/emulator-target';
import { synthesizeAtomically } from '../stacks/synth';
import { bootstrapStackName } from '../org/hcp-terraform';
import { ApiCall, callApi, callApiOrFail } from './emulator';
import { emulatorOnlyChange, misreadStatement, PlannedResourceChange, unsupportedResource } from './emulator-quirks';
import { initStack, runTerraform, TerraformResult } from '../stacks/terraform';

type Json = Record<string, unknown>;
interface StackJson {
  provider?: { aws?: Json[] };
  resource?: Record<string, Record<string, Json>>;
  import?: { to: string; id: string }[];
  terraform?: { backend?: Record<string, Json> };
}

/** A statement left out of the emulator's copy of a policy. */
export interface StatementLeftOut {
  /** `address: Sid` */
  readonly statement: string;
  readonly effect: string;
  /** Why the emulator misreads it. */
  readonly why: string;
}

/** One synthesized stack as the emulator deploys it. */
export interface SandboxStack {
  readonly name: string;
  /** Stacks that must be applied first (from manifest.json). */
  readonly dependencies: readonly string[];
  readonly accountId: string;
  readonly region: string;
  /** The role the provider assumes in the account. */
  readonly deploymentRoleArn: string;
  /** HCP Terraform mode: that role is the apply role its bootstrap stack makes, not an admin made by hand. */
  readonly madeByBootstrap?: boolean;
  /** The folder Terraform runs in: a copy of the synthesized stack without the unsupported resources. */
  readonly dir: string;
  /** Addresses left out: resource types the emulator cannot deploy (emulator-quirks.ts, `unsupportedResource`). */
  readonly skipped: readonly string[];
  /**
   * Statements left out of the emulator's copy of a policy, because it misreads them
   * (emulator-quirks.ts, `misreadStatement`): e.g. the group side's "denied without MFA", a Deny
   * with a condition, which moto would apply to every call. The IAM simulator proves those statements.
   */
  readonly statementsLeftOut: readonly StatementLeftOut[];
  /** Addresses with `prevent_destroy` (roles with `protect: true`). */
  readonly protectedAddresses: readonly string[];
  /** Import blocks (`adopt: true`): what must exist before the first apply. */
  readonly imports: readonly { to: string; id: string }[];
  /** The stack's JSON as deployed. */
  readonly json: StackJson;
}

/**
 * Reads `outdir` (synthesized with the endpoint on) and writes, under `workDir`, each stack's copy
 * for the emulator. Refuses stacks synthesized for AWS or for another endpoint.
 */
export function prepareStacks(outdir: string, workDir: string, endpoint: string): SandboxStack[] {
  const manifestFile = join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${outdir} holds no manifest.json: synthesize first (${ENDPOINT_ENV}=${endpoint} npx cdktf synth).`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { stacks: Record<string, { dependencies?: string[]; synthesizedStackPath: string }> };
  return Object.entries(manifest.stacks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, entry]) => {
      const source = join(outdir, entry.synthesizedStackPath);
      const json = JSON.parse(readFileSync(source, 'utf8')) as StackJson;
      const provider = json.provider?.aws?.[0] ?? {};
      const target = providerEndpoint(provider);
      const configFile = (provider.shared_config_files as string[] | undefined)?.[0];
      if (!target && provider.profile === EMULATOR_PROFILE && configFile) throw new Error(`Stack ${name} in ${outdir} was synthesized for an emulator, but its profile's file ${configFile} is gone or names no endpoint. Synthesize again with ${ENDPOINT_ENV}=${endpoint}.`);
      if (!target) throw new Error(`Stack ${name} in ${outdir} was synthesized for AWS, not for an emulator. Synthesize with ${ENDPOINT_ENV}=${endpoint}.`);
      if (target !== endpoint) throw new Error(`Stack ${name} in ${outdir} points at ${target}, not at ${endpoint}. Synthesize again with ${ENDPOINT_ENV}=${endpoint}.`);
      const accountId = (provider.allowed_account_ids as string[] | undefined)?.[0];
      const deploymentRoleArn = (provider.assume_role as Json[] | undefined)?.[0]?.role_arn as string | undefined;
      if (!accountId || !deploymentRoleArn) throw new Error(`Stack ${name} has no allowed_account_ids or assume_role: it was not synthesized by this app.`);

      const skipped: string[] = [];
      const statementsLeftOut: StatementLeftOut[] = [];
      const protectedAddresses: string[] = [];
      for (const [type, resources] of Object.entries(json.resource ?? {})) {
        for (const [id, resource] of Object.entries(resources)) {
          if (unsupportedResource(type) !== undefined) {
            skipped.push(`${type}.${id}`);
            delete resources[id];
          } else if ((resource.lifecycle as Json | undefined)?.prevent_destroy === true) protectedAddresses.push(`${type}.${id}`);
          if (type === 'aws_iam_policy' && typeof resource.policy === 'string') {
            // The policy text keeps Terraform's escapes ($${...}): parsing and writing it back leaves them as they are.
            const doc = JSON.parse(resource.policy) as { Statement: Json[] };
            const kept = doc.Statement.filter((s) => {
              const why = misreadStatement(s);
              if (why !== undefined) statementsLeftOut.push({ statement: `${type}.${id}: ${String(s.Sid)}`, effect: String(s.Effect), why });
              return why === undefined;
            });
            if (kept.length !== doc.Statement.length) resource.policy = JSON.stringify({ ...doc, Statement: kept });
          }
        }
        if (Object.keys(resources).length === 0) delete json.resource![type];
      }
      const dir = join(workDir, name);
      mkdirSync(dir, { recursive: true });
      cpSync(join(source, '..'), dir, { recursive: true, filter: (src) => !src.includes('.terraform') });
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
      // HCP Terraform mode: a stack's provider assumes the apply role its bootstrap stack makes.
      const bootstrap = bootstrapStackName(name);
      return {
        name,
        dependencies: [...(entry.dependencies ?? []), ...(bootstrap in manifest.stacks ? [bootstrap] : [])],
        madeByBootstrap: bootstrap in manifest.stacks,
        accountId,
        region: String(provider.region ?? 'us-east-1'),
        deploymentRoleArn,
        dir,
        skipped,
        statementsLeftOut,
        protectedAddresses,
        imports: json.import ?? [],
        json,
      };
    });
}

/**
 * Synthesizes the org for the emulator at `endpoint` (as `CROSS_ACCOUNT_IAM_ENDPOINT=... cdktf synth`
 * does), with the state files in `stateDir`. The environment is restored afterwards.
 */
export async function synthesizeForEmulator(model: OrgModel, outdir: string, endpoint: string, stateDir: string): Promise<void> {
  const saved = { endpoint: process.env[ENDPOINT_ENV], state: process.env[ENDPOINT_STATE_ENV] };
  process.env[ENDPOINT_ENV] = endpoint;
  process.env[ENDPOINT_STATE_ENV] = stateDir;
  try {
    await synthesizeAtomically(model, outdir);
  } finally {
    restore(ENDPOINT_ENV, saved.endpoint);
    restore(ENDPOINT_STATE_ENV, saved.state);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** `arn:aws:iam::111:role/path/Name` -> { name, path } */
export function splitRoleArn(arn: string): { accountId: string; name: string; path: string } {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):role(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (!m) throw new Error(`not a role ARN: ${arn}`);
  return { accountId: m[1], path: m[2], name: m[3] };
}

/**
 * What the user guide's bootstrap does in each account: the deployment role, trusted by the
 * account itself, with AdministratorAccess. Made through STS AssumeRole into that role's account.
 * Then what `adopt: true` expects to find: each adopted role or group, made by hand.
 */
export async function bootstrapAccounts(endpoint: string, stacks: readonly SandboxStack[]): Promise<string[]> {
  const done: string[] = [];
  const calls: ApiCall[] = [];
  for (const arn of [...new Set(stacks.filter((s) => !s.madeByBootstrap).map((s) => s.deploymentRoleArn))]) {
    const { accountId, name, path } = splitRoleArn(arn);
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] };
    calls.push(
      { as: { roleArn: arn }, service: 'iam', method: 'create_role', params: { RoleName: name, Path: path, AssumeRolePolicyDocument: JSON.stringify(trust) } },
      { as: { roleArn: arn }, service: 'iam', method: 'attach_role_policy', params: { RoleName: name, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
    );
    done.push(`account ${accountId}: deployment role ${arn}`);
  }
  // The management account's stack manages organization policies: that account runs an organization.
  for (const stack of stacks.filter((s) => Object.keys(s.json.resource ?? {}).some((t) => t.startsWith('aws_organizations_')))) {
    calls.push({ as: { roleArn: stack.deploymentRoleArn }, service: 'organizations', method: 'create_organization', params: { FeatureSet: 'ALL' } });
    done.push(`account ${stack.accountId}: an organization (the emulator's own, for ${stack.name})`);
  }
  const results = await callApi(endpoint, stacks[0]?.region ?? 'us-east-1', calls);
  results.forEach((r, i) => {
    if (!r.ok && r.code !== 'EntityAlreadyExists' && r.code !== 'AlreadyInOrganizationException') throw new Error(`bootstrap: ${calls[i].method} failed: ${r.code}: ${r.message}`);
  });
  for (const stack of stacks) done.push(...(await createAdopted(endpoint, stack)));
  return done;
}

/** Makes by hand what the stack's import blocks adopt (roles, groups, customer managed policies), as they would exist before the first deploy. */
export async function createAdopted(endpoint: string, stack: SandboxStack): Promise<string[]> {
  const calls: ApiCall[] = [];
  const made: string[] = [];
  for (const { to, id } of stack.imports) {
    const [type, name] = to.split('.');
    const config = stack.json.resource?.[type]?.[name] ?? {};
    const as = { roleArn: stack.deploymentRoleArn };
    if (type === 'aws_iam_role') {
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${stack.accountId}:root` }, Action: 'sts:AssumeRole' }] };
      calls.push({ as, service: 'iam', method: 'create_role', params: { RoleName: id, Path: config.path ?? '/', AssumeRolePolicyDocument: JSON.stringify(trust), Description: 'made by hand before adoption' } });
    } else if (type === 'aws_iam_group') {
      calls.push({ as, service: 'iam', method: 'create_group', params: { GroupName: id, Path: config.path ?? '/' } });
    } else if (type === 'aws_iam_policy') {
      // Imported by ARN; made with the stack's document (Terraform's escapes undone), as it would have been by hand.
      const document = String(config.policy).replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
      calls.push({ as, service: 'iam', method: 'create_policy', params: { PolicyName: String(config.name), Path: config.path ?? '/', PolicyDocument: document } });
    } else throw new Error(`Stack ${stack.name} adopts a ${type}, which the sandbox cannot make by hand first.`);
    made.push(`${stack.name}: ${type} ${id} made by hand, for adopt: true to import`);
  }
  await callApiOrFail(endpoint, stack.region, calls);
  return made;
}

/**
 * The environment Terraform runs with against the emulator. Most of each command's time is the
 * AWS provider starting (three times per plan); a lazier Go garbage collector (GOGC=800) cuts its
 * CPU time by about 40% (measured: 3.7 s -> 2.2 s of CPU for a validate) for ~70-400 MB more memory per provider process.
 */
const TERRAFORM_ENV = { AWS_EC2_METADATA_DISABLED: 'true', TF_INPUT: '0', GOGC: '800' };

/**
 * The caller's endpoint settings ({@link isEndpointOverride}), which would go before the emulator
 * profile's `endpoint_url`, unset in Terraform's environment (`undefined` leaves a variable out of a
 * child's environment), so that every call goes to the emulator.
 */
export function withoutEndpointOverrides(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.keys(env).filter(isEndpointOverride).map((k) => [k, undefined]));
}

export interface StackRun extends TerraformResult {
  readonly stack: string;
  readonly seconds: number;
}

/** `terraform init` (offline, from the provider mirror), once per stack folder. */
async function ensureInit(stack: SandboxStack, cliConfig: string): Promise<void> {
  if (existsSync(join(stack.dir, '.terraform.lock.hcl'))) return;
  const init = await initStack(stack.dir, cliConfig);
  if (init.code !== 0) throw new Error(`terraform init failed in ${stack.name}:\n${init.stdout}${init.stderr}`);
}

/** Runs one terraform command on a stack (init first when needed). */
export async function terraform(stack: SandboxStack, args: readonly string[], cliConfig: string): Promise<StackRun> {
  const start = Date.now();
  await ensureInit(stack, cliConfig);
  const result = await runTerraform([...args, '-no-color'], stack.dir, cliConfig, { ...withoutEndpointOverrides(), ...TERRAFORM_ENV });
  return { ...result, stack: stack.name, seconds: (Date.now() - start) / 1000 };
}

/** `terraform apply -auto-approve -json`: applies, and tells what it planned (the changes, the imports). */
export function apply(stack: SandboxStack, cliConfig: string): Promise<StackPlanResult> {
  return withChanges(terraform(stack, ['apply', '-auto-approve', '-input=false', '-json'], cliConfig));
}

export interface PlannedChange {
  readonly address: string;
  /** create, update, delete, replace, read, noop, move, import */
  readonly action: string;
  /** Planned as an import (`adopt: true`). */
  readonly importing?: boolean;
}

export interface StackPlanResult extends StackRun {
  /** 0: no change; 2: changes; 1: error (`-detailed-exitcode`). */
  readonly exitCode: number;
  readonly changes: readonly PlannedChange[];
  /** Outputs the plan would change, as `<action> <name>`. */
  readonly outputChanges: readonly string[];
  readonly imports: number;
}

/** `terraform plan -detailed-exitcode -json`: the changes it plans, one per resource. */
export function plan(stack: SandboxStack, cliConfig: string, extra: readonly string[] = []): Promise<StackPlanResult> {
  return withChanges(terraform(stack, ['plan', '-detailed-exitcode', '-input=false', '-json', ...extra], cliConfig));
}

/** A planned change that is only the emulator's, and why. */
export interface EmulatorOnlyChange {
  readonly address: string;
  readonly why: string;
}

/**
 * The second plan, with what in it is only the emulator's: when the plan has changes, they are read
 * from its plan file (`terraform show -json`, one more start of the provider) and those that are
 * only the emulator's (emulator-quirks.ts, `emulatorOnlyChange`) are named in `emulatorOnly`.
 */
export async function planAgain(stack: SandboxStack, cliConfig: string): Promise<StackPlanResult & { emulatorOnly: EmulatorOnlyChange[] }> {
  const planFile = 'again.tfplan';
  const run = await plan(stack, cliConfig, [`-out=${planFile}`]);
  if (run.exitCode !== 2) return { ...run, emulatorOnly: [] };
  const show = await terraform(stack, ['show', '-json', planFile], cliConfig);
  if (show.code !== 0) return { ...run, emulatorOnly: [] };
  const changes = ((JSON.parse(show.stdout) as { resource_changes?: PlannedResourceChange[] }).resource_changes ?? []).filter((rc) => !rc.change.actions.every((a) => a === 'no-op'));
  const emulatorOnly = changes.map((rc) => ({ address: rc.address, why: emulatorOnlyChange(rc) })).filter((c): c is EmulatorOnlyChange => c.why !== undefined);
  return { ...run, emulatorOnly };
}

async function withChanges(running: Promise<StackRun>): Promise<StackPlanResult> {
  const run = await running;
  const changes: PlannedChange[] = [];
  let imports = 0;
  let outputChanges: string[] = [];
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const event = JSON.parse(line) as {
      type: string;
      change?: { action: string; resource: { addr: string }; importing?: unknown };
      changes?: { import?: number };
      outputs?: Record<string, { action: string }>;
    };
    if (event.type === 'outputs' && event.outputs) outputChanges = Object.entries(event.outputs).filter(([, o]) => o.action !== 'noop').map(([name, o]) => `${o.action} ${name}`);
    if (event.type === 'planned_change' && event.change) changes.push({ address: event.change.resource.addr, action: event.change.action, ...(event.change.importing ? { importing: true } : {}) });
    if (event.type === 'change_summary') imports = Math.max(imports, event.changes?.import ?? 0);
  }
  return { ...run, exitCode: run.code, changes, outputChanges, imports };
}

/** The error lines of a terraform run (text or -json output). */
export function terraformErrors(run: TerraformResult): string {
  const json = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type: string; diagnostic?: { severity: string; summary: string; detail?: string } })
    .filter((e) => e.type === 'diagnostic' && e.diagnostic?.severity === 'error')
    .map((e) => `${e.diagnostic!.summary}: ${e.diagnostic!.detail ?? ''}`);
  return json.length > 0 ? json.join('\n') : `${run.stderr}${run.stderr ? '' : run.stdout.slice(-3000)}`;
}

/**
 * Runs `task` on each stack once all the stacks it depends on are done (or, with `reverse`, once
 * all the stacks depending on it are done), `concurrency` at a time. A failed stack stops those
 * that wait for it; they are reported as not run.
 */
export async function inDependencyOrder<T extends { code: number }>(
  stacks: readonly SandboxStack[],
  concurrency: number,
  task: (stack: SandboxStack) => Promise<T>,
  options: { reverse?: boolean } = {},
): Promise<{ results: Map<string, T>; notRun: string[] }> {
  const names = new Set(stacks.map((s) => s.name));
  const waitsFor = new Map(stacks.map((s) => [s.name, new Set<string>()]));
  for (const s of stacks) {
    for (const d of s.dependencies.filter((x) => names.has(x))) {
      if (options.reverse) waitsFor.get(d)!.add(s.name);
      else waitsFor.get(s.name)!.add(d);
    }
  }
  const results = new Map<string, T>();
  const failed = new Set<string>();
  const started = new Set<string>();
  const notRun: string[] = [];
  await new Promise<void>((done, fail) => {
    let running = 0;
    const pump = () => {
      for (const s of stacks) {
        if (started.has(s.name)) continue;
        const needs = [...waitsFor.get(s.name)!];
        if (needs.some((n) => failed.has(n))) {
          started.add(s.name);
          failed.add(s.name);
          notRun.push(s.name);
          continue;
        }
        if (running >= concurrency || !needs.every((n) => results.has(n) && !failed.has(n))) continue;
        started.add(s.name);
        running++;
        task(s).then(
          (r) => {
            results.set(s.name, r);
            if (r.code !== 0) failed.add(s.name);
            running--;
            pump();
          },
          (err: unknown) => fail(err),
        );
      }
      if (running === 0 && started.size === stacks.length) done();
    };
    pump();
  });
  return { results, notRun };
}

/**
 * Destroys a stack. A protected role (`protect: true`) makes the plain destroy fail: the roles are
 * then taken out of the state (left in the account, as `protect` intends) and the rest destroyed.
 *
 * Without a refresh (`-refresh=false`): the state is what this run applied and planned again, so
 * reading every resource back first would only start the AWS provider once more (a fifth time,
 * ~1 s of CPU per stack). What is left in the account afterwards is checked by the end-to-end tests.
 */
export async function destroy(stack: SandboxStack, cliConfig: string): Promise<StackRun & { refused?: StackRun; leftInPlace: string[] }> {
  const args = ['destroy', '-auto-approve', '-input=false', '-refresh=false'];
  const first = await terraform(stack, args, cliConfig);
  if (first.code === 0 || stack.protectedAddresses.length === 0) return { ...first, leftInPlace: [] };
  const forget = await terraform(stack, ['state', 'rm', ...stack.protectedAddresses], cliConfig);
  if (forget.code !== 0) return { ...forget, refused: first, leftInPlace: [] };
  const second = await terraform(stack, args, cliConfig);
  return { ...second, seconds: first.seconds + forget.seconds + second.seconds, refused: first, leftInPlace: [...stack.protectedAddresses] };
}
