/**
 * The sandbox's whole flow, on a laptop, against an AWS API emulator, before touching AWS: starts
 * moto (or uses the one at --endpoint), makes one fake account per account of the org, deploys
 * every stack with the real terraform, plans again, proves who can assume what through the STS
 * API, and tears it all down (or keeps it with --keep). `cross-account-iam sandbox` (bin/sandbox.ts)
 * calls it; each step is in this folder: emulator.ts, deploy.ts, access-check.ts, and what the
 * emulator gets wrong in emulator-quirks.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadOrgFile, orgFilePath } from '../org/load';
import { OrgModel } from '../org/model';
import { assumeGrants } from '../org/render';
import { readSynthesizedOrg, SynthesizedOrg } from '../review/artifact';
import { connectEmulator, Emulator, startEmulator } from './emulator';
import { identityPoliciesAllow } from '../review/access';
import { MOTO_PLUS_DECODING, MOTO_RESOURCE_MATCHING, motoMisjudgesResource } from './emulator-quirks';
import {
  apply,
  assumeThroughApi,
  bootstrapAccounts,
  destroy,
  inDependencyOrder,
  planAgain,
  prepareStacks,
  SandboxStack,
  synthesizeForEmulator,
  terraformErrors,
  UNSUPPORTED_IN_EMULATOR,
} from './deploy';
import { writeOfflineCliConfig } from '../stacks/terraform';

export interface SandboxOptions {
  readonly org?: string;
  readonly endpoint?: string;
  readonly keep?: boolean;
  readonly concurrency?: string;
}

/** Runs the sandbox; returns the exit code (0 when every step held). */
export async function runSandbox(opts: SandboxOptions, say: (line: string) => void): Promise<number> {
  const orgFile = opts.org ? resolve(opts.org) : orgFilePath();
  const model = loadOrgFile(orgFile);
  const concurrency = Math.max(1, Number(opts.concurrency ?? 2) || 1);
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const emulator: Emulator = opts.endpoint ? await connectEmulator(opts.endpoint) : await startEmulator();
  say(`Emulator: ${emulator.url}${emulator.pid ? ` (moto_server, pid ${emulator.pid}, started here)` : ' (given)'}`);
  const work = mkdtempSync(join(tmpdir(), 'cai-sandbox-'));
  let failed = false;
  let stacks: SandboxStack[] = [];
  const cli = writeOfflineCliConfig(join(work, 'terraform-cli'));
  try {
    const outdir = join(work, 'cdktf.out');
    await synthesizeForEmulator(model, outdir, emulator.url, join(work, 'state'));
    stacks = prepareStacks(outdir, join(work, 'stacks'), emulator.url);
    say(`Synthesized ${orgFile} for the emulator: ${stacks.length} stacks in ${outdir}; Terraform state is local, in ${join(work, 'state')} (the org file's backend is not used).`);
    for (const s of stacks) for (const address of s.skipped) say(`  left out of ${s.name}: ${address} (${UNSUPPORTED_IN_EMULATOR[address.split('.')[0]]})`);
    for (const s of stacks) for (const deny of s.conditionalDenies) say(`  left out of ${s.name}: the Deny ${deny} (moto does not evaluate conditions, so it would deny every call; the IAM simulator tests it)`);

    for (const line of await bootstrapAccounts(emulator.url, stacks)) say(`Bootstrap: ${line}`);

    const applied = await inDependencyOrder(stacks, concurrency, async (s) => {
      const run = await apply(s, cli);
      say(run.code === 0 ? `Applied ${s.name} in account ${s.accountId}: ${summarize(run.changes)} [${run.seconds.toFixed(1)} s]` : `FAILED to apply ${s.name}:\n${terraformErrors(run)}`);
      return run;
    });
    if (applied.notRun.length > 0) say(`Not applied (a stack they depend on failed): ${applied.notRun.join(', ')}`);
    if ([...applied.results.values()].some((r) => r.code !== 0) || applied.notRun.length > 0) {
      failed = true;
      return 1;
    }

    const plans = await inDependencyOrder(stacks, concurrency, async (s) => {
      const run = await planAgain(s, cli);
      const real = run.changes.filter((c) => !run.emulatorOnly.includes(c.address));
      if (run.exitCode === 2 && real.length === 0 && run.outputChanges.length === 0) {
        say(`Planned ${s.name} again: no changes but the emulator's: ${run.emulatorOnly.map((a) => `update ${a}`).join(', ')} (${MOTO_PLUS_DECODING})`);
        return { ...run, code: 0 };
      }
      say(run.exitCode === 0 ? `Planned ${s.name} again: no changes` : `Planned ${s.name} again: ${run.exitCode === 2 ? run.changes.map((c) => `${c.action} ${c.address}`).join(', ') : terraformErrors(run)}`);
      return { ...run, code: run.exitCode };
    });
    if ([...plans.results.values()].some((r) => r.code !== 0)) failed = true;

    if (emulator.moto) {
      const wrong = await checkAccess(model, readSynthesizedOrg(outdir), emulator.url, stacks, say);
      if (wrong > 0) failed = true;
    } else say('Access check skipped: only moto can switch its authorization on (its /moto-api/reset-auth); this emulator is not moto.');
    return failed ? 1 : 0;
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    if (opts.keep) {
      emulator.release();
      say(`Kept: the emulator at ${emulator.url}${emulator.pid ? ` (stop it with: kill ${emulator.pid})` : ''} and the work folder ${work}.`);
      say(`Look around: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url ${emulator.url} iam list-roles (default account), or assume OrganizationAccountAccessRole into an account first.`);
    } else {
      await teardown(stacks, cli, concurrency, say);
      await emulator.stop();
      rmSync(work, { recursive: true, force: true });
      say(`Torn down${emulator.pid ? ': emulator stopped, ' : ': '}work folder removed. ${failed ? 'FAILED' : 'All steps held'} (${elapsed()}).`);
    }
  }
}

function summarize(changes: readonly { action: string; importing?: boolean }[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) {
    const key = c.importing ? 'imported' : c.action === 'create' ? 'created' : c.action === 'update' ? 'updated' : c.action;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size === 0 ? 'no changes' : [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

/**
 * Each group's member calls sts:AssumeRole on every role: allowed exactly where the org file grants
 * it. Pairs on which moto's resource matching is not AWS's are named, not judged. Returns the number
 * of wrong answers.
 */
async function checkAccess(model: OrgModel, synth: SynthesizedOrg, endpoint: string, stacks: readonly SandboxStack[], say: (line: string) => void): Promise<number> {
  const answers = await assumeThroughApi(endpoint, stacks);
  const granted = new Set(model.groups.flatMap((g) => assumeGrants(model, g).map((x) => `${g.name} ${x.roleArn}`)));
  let wrong = 0;
  let unjudged = 0;
  say(`Access through the STS API (a user in each group, ${answers.length} sts:AssumeRole calls; the emulator judges the group's policy, not trust policies or conditions):`);
  for (const group of model.groups) {
    const policies = synth.identity?.groups.find((g) => g.name === group.name)?.policies.map((p) => p.document) ?? [];
    const mine = answers.filter((a) => a.group === group.name);
    const misjudged = new Set(mine.filter((a) => motoMisjudgesResource(policies, a.roleArn)).map((a) => a.roleArn));
    const judged = mine.filter((a) => !misjudged.has(a.roleArn));
    const allowed = judged.filter((a) => a.allowed).map((a) => a.roleArn);
    say(`  ${group.name}: may assume ${allowed.length === 0 ? 'nothing' : allowed.join(', ')}; refused on ${judged.length - allowed.length} other roles`);
    if (misjudged.size > 0) say(`  ${group.name}: not judged by the emulator: ${[...misjudged].join(', ')} (${MOTO_RESOURCE_MATCHING})`);
    unjudged += misjudged.size;
    for (const a of mine) {
      const grants = granted.has(`${a.group} ${a.roleArn}`);
      if (misjudged.has(a.roleArn)) {
        // What AWS would answer with the deployed policies must still be the org file's.
        if (identityPoliciesAllow(policies, a.roleArn) !== grants) {
          wrong++;
          say(`  WRONG: the deployed policies of ${a.group} ${grants ? 'do not allow' : 'allow'} ${a.roleArn}, which the org file ${grants ? 'grants' : 'does not grant'}`);
        }
      } else if (a.code !== undefined && a.code !== 'AccessDenied') {
        wrong++;
        say(`  ERROR: sts:AssumeRole by ${a.group} on ${a.roleArn}: the emulator answered ${a.code}: ${a.message ?? ''}`);
      } else if (a.allowed !== grants) {
        wrong++;
        say(`  WRONG: ${a.group} ${a.allowed ? 'was allowed' : 'was refused'} ${a.roleArn}, which the org file ${a.allowed ? 'does not grant' : 'grants'}`);
      }
    }
  }
  if (wrong === 0) say(unjudged === 0 ? '  every answer matches the org file' : `  every answer the emulator could judge matches the org file (${unjudged} not judged)`);
  return wrong;
}

async function teardown(stacks: readonly SandboxStack[], cli: string, concurrency: number, say: (line: string) => void): Promise<void> {
  if (stacks.length === 0) return;
  await inDependencyOrder(
    stacks,
    concurrency,
    async (s) => {
      const run = await destroy(s, cli);
      if (run.code !== 0) say(`FAILED to destroy ${s.name}:\n${terraformErrors(run)}`);
      else say(`Destroyed ${s.name}${run.leftInPlace.length ? `; left in place (protect: true refused the destroy, so they were taken out of the state): ${run.leftInPlace.join(', ')}` : ''}`);
      return run;
    },
    { reverse: true },
  );
}
