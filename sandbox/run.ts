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
import { readSynthesizedOrg } from '../review/artifact';
import { writeOfflineCliConfig } from '../stacks/terraform';
import { checkAccess } from './access-check';
import { apply, bootstrapAccounts, destroy, inDependencyOrder, planAgain, prepareStacks, SandboxStack, synthesizeForEmulator, terraformErrors } from './deploy';
import { connectEmulator, Emulator, startEmulator } from './emulator';
import { unsupportedResource } from './emulator-quirks';

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
    for (const s of stacks) for (const address of s.skipped) say(`  left out of ${s.name}: ${address} (${unsupportedResource(address.split('.')[0])})`);
    for (const s of stacks) for (const left of s.statementsLeftOut) say(`  left out of ${s.name}: the ${left.effect} ${left.statement} (${left.why})`);

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
      const real = run.changes.filter((c) => !run.emulatorOnly.some((e) => e.address === c.address));
      if (run.exitCode === 2 && real.length === 0 && run.outputChanges.length === 0) {
        say(`Planned ${s.name} again: no changes but the emulator's: ${run.emulatorOnly.map((e) => `update ${e.address}`).join(', ')} (${[...new Set(run.emulatorOnly.map((e) => e.why))].join('; ')})`);
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
