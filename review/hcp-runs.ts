/**
 * Runs in HCP Terraform from CI: which stacks of a change run, in which order, and the runs
 * themselves (the CLI-driven workflow: `terraform init` and `terraform apply` in each stack's folder
 * upload it to its workspace, where the run gets its own plan and apply roles by OIDC). The order is
 * the workspaces stack first (a new workspace must exist before its run), then the member accounts in
 * waves, identity, organization. A bootstrap stack is never run here: it goes through the admin path.
 */
import { join } from 'node:path';
import { bootstrappedStack, bootstrapStackName, runWaves, WORKSPACES_STACK_NAME, workspaceName } from '../org/hcp-terraform';
import type { OrgModel } from '../org/model';
import { runProcess } from '../stacks/process';

/** What a change runs, and what it cannot. */
export interface RunPlan {
  /** Stacks in the order their runs go: each wave after the one before, the stacks of a wave side by side. */
  readonly waves: readonly (readonly string[])[];
  /** The number of each of those waves in the org's whole order (1: the workspaces stack), as the workspaces' `wave` tags say. */
  readonly waveNumbers: readonly number[];
  /** Changed bootstrap stacks: an admin applies them through the deployment role (`cdktf deploy bootstrap-<stack>`). */
  readonly bootstraps: readonly string[];
  /** Stacks held back because their bootstrap changed: their roles may not allow the change yet. */
  readonly heldBack: readonly string[];
  /** Stacks of later waves than a held-back one: they wait for it (identity never runs before a member it grants). */
  readonly waiting: readonly string[];
}

/**
 * The runs of `stacks` (e.g. the affected ones), in order. An unknown name is an error. With
 * `bootstrapsApplied` (an admin applied the changed bootstraps), no stack is held back for them.
 */
export function planRuns(model: OrgModel, stacks: readonly string[], options: { bootstrapsApplied?: boolean } = {}): RunPlan {
  const wanted = new Set(stacks);
  const bootstraps = stacks.filter((s) => bootstrappedStack(s) !== undefined);
  const heldBack = new Set(options.bootstrapsApplied ? [] : bootstraps.map((b) => bootstrappedStack(b)!).filter((s) => wanted.has(s)));
  const ordered = runWaves(model);
  const firstHeld = ordered.findIndex((wave) => wave.some((s) => heldBack.has(s)));
  const waves: string[][] = [];
  const waveNumbers: number[] = [];
  const waiting: string[] = [];
  ordered.forEach((wave, i) => {
    const runs = wave.filter((s) => wanted.has(s) && !heldBack.has(s));
    if (runs.length === 0) return;
    if (firstHeld >= 0 && i > firstHeld) waiting.push(...runs);
    else {
      waves.push(runs);
      waveNumbers.push(i + 1);
    }
  });
  const deployed = ordered.flat().filter((s) => s !== WORKSPACES_STACK_NAME);
  const known = new Set([...ordered.flat(), ...deployed.map(bootstrapStackName)]);
  const unknown = stacks.filter((s) => !known.has(s));
  if (unknown.length > 0) throw new Error(`No stack ${unknown.map((s) => `"${s}"`).join(', ')} in HCP Terraform mode. Stacks: ${[...known].join(', ')}.`);
  return { waves, waveNumbers, bootstraps, heldBack: [...heldBack], waiting };
}

/** One run's outcome. */
export interface RunResult {
  readonly stack: string;
  readonly workspace: string;
  readonly wave: number;
  readonly status: 'applied' | 'planned' | 'failed' | 'not run';
  /** The run's page in HCP Terraform, as Terraform printed it. */
  readonly url?: string;
  /** The last lines Terraform printed, when it failed. */
  readonly detail?: string;
  readonly seconds?: number;
}

export interface RunOptions {
  /** The synthesized folder (`cdktf.out`). */
  readonly outdir: string;
  /** `terraform plan` (a speculative plan: the plan phase, the plan role) instead of apply. */
  readonly speculative?: boolean;
  /** Runs side by side within a wave. Default 4. */
  readonly concurrency?: number;
  /** The terraform binary. Default `terraform` (or TERRAFORM). */
  readonly terraform?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called as each run ends (progress on stderr). */
  readonly onResult?: (result: RunResult) => void;
}

/** Where Terraform prints the run's page: "To view this run in a browser, visit: https://app.terraform.io/app/<org>/<workspace>/runs/run-..." */
const RUN_URL = /https:\/\/[^\s"']+\/app\/[^\s"'/]+\/(?:workspaces\/)?[^\s"'/]+\/runs\/run-[A-Za-z0-9]+/;

/**
 * Runs the plan's waves in order. A wave starts only when every run of the one before succeeded:
 * identity never applies grants to roles a failed member run did not make.
 */
export async function executeRuns(model: OrgModel, plan: RunPlan, options: RunOptions): Promise<RunResult[]> {
  const results: RunResult[] = [];
  const terraform = options.terraform ?? options.env?.TERRAFORM ?? process.env.TERRAFORM ?? 'terraform';
  const env = { ...(options.env ?? process.env), TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  let failed = false;
  for (const [i, wave] of plan.waves.entries()) {
    if (failed) {
      results.push(...wave.map((stack): RunResult => ({ stack, workspace: workspaceName(model, stack), wave: plan.waveNumbers[i], status: 'not run', detail: 'an earlier wave failed' })));
      continue;
    }
    const queue = [...wave];
    const run = async (): Promise<void> => {
      for (let stack = queue.shift(); stack !== undefined; stack = queue.shift()) {
        const result = await runStack(model, stack, plan.waveNumbers[i], terraform, env, options);
        results.push(result);
        options.onResult?.(result);
        if (result.status === 'failed') failed = true;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, wave.length)) }, run));
  }
  return results;
}

async function runStack(model: OrgModel, stack: string, wave: number, terraform: string, env: NodeJS.ProcessEnv, options: RunOptions): Promise<RunResult> {
  const start = Date.now();
  const dir = join(options.outdir, 'stacks', stack);
  const workspace = workspaceName(model, stack);
  const steps = [
    ['init', '-input=false', '-no-color'],
    options.speculative ? ['plan', '-input=false', '-no-color'] : ['apply', '-auto-approve', '-input=false', '-no-color'],
  ];
  let output = '';
  for (const args of steps) {
    let code: number;
    try {
      const r = await runProcess(terraform, [`-chdir=${dir}`, ...args], { env });
      output += r.stdout + r.stderr;
      code = r.code;
    } catch (err) {
      output += String(err);
      code = 1;
    }
    if (code !== 0) {
      return { stack, workspace, wave, status: 'failed', url: RUN_URL.exec(output)?.[0], detail: `terraform ${args[0]}: ${lastLines(output)}`, seconds: (Date.now() - start) / 1000 };
    }
  }
  return { stack, workspace, wave, status: options.speculative ? 'planned' : 'applied', url: RUN_URL.exec(output)?.[0], seconds: (Date.now() - start) / 1000 };
}

function lastLines(text: string, n = 6): string {
  return text.trim().split('\n').filter((l) => l.trim()).slice(-n).join(' / ');
}

/** The job summary: each run with its link, then what an admin must do and what was held back. */
export function renderRunSummary(model: OrgModel, plan: RunPlan, results: readonly RunResult[], options: { speculative?: boolean; dryRun?: boolean; bootstrapsApplied?: boolean } = {}): string {
  const byStack = new Map(results.map((r) => [r.stack, r]));
  const lines = [`## HCP Terraform ${options.speculative ? 'plans' : 'runs'}${options.dryRun ? ' (dry run: the order, nothing run)' : ''}`, ''];
  if (plan.waves.length === 0) lines.push('No stack to run.', '');
  else {
    lines.push('| wave | stack | workspace | result | run |', '| --- | --- | --- | --- | --- |');
    for (const [i, wave] of plan.waves.entries()) {
      for (const stack of wave) {
        const r = byStack.get(stack);
        const status = r ? (r.status === 'failed' ? `❌ failed${r.detail ? `: ${escapeCell(r.detail)}` : ''}` : r.status === 'not run' ? `⏭️ not run (${r.detail})` : `✅ ${r.status}`) : options.dryRun ? 'to run' : '⏭️ not run';
        lines.push(`| ${plan.waveNumbers[i]} | \`${stack}\` | \`${workspaceName(model, stack)}\` | ${status} | ${r?.url ? `[run](${r.url})` : ''} |`);
      }
    }
    lines.push('');
  }
  const applied = plan.bootstraps.length > 0 && plan.heldBack.length === 0 && plan.waiting.length === 0 && options.bootstrapsApplied;
  if (applied) lines.push(`Bootstrap stacks ${plan.bootstraps.map((b) => `\`${b}\``).join(', ')}: applied by an admin (--bootstraps-applied), so their stacks run.`, '');
  else if (plan.bootstraps.length > 0) {
    lines.push(
      `> [!IMPORTANT]`,
      `> ${plan.bootstraps.length} bootstrap stack${plan.bootstraps.length === 1 ? '' : 's'} to apply: ${plan.bootstraps.map((b) => `\`${b}\``).join(', ')}. HCP Terraform never runs ${plan.bootstraps.length === 1 ? 'it' : 'them'}: an admin applies ${plan.bootstraps.length === 1 ? 'it' : 'them'} through the deployment role: \`npx cdktf deploy ${plan.bootstraps.join(' ')}\` (docs/terraform-cloud.md).`,
    );
    if (plan.heldBack.length > 0) lines.push(`> Held back until then: ${plan.heldBack.map((s) => `\`${s}\``).join(', ')}. Then run again with --bootstraps-applied (the workflow's \`bootstraps-applied\` input).`);
    if (plan.waiting.length > 0) lines.push(`> Waiting for them, as later waves: ${plan.waiting.map((s) => `\`${s}\``).join(', ')}.`);
    lines.push('');
  }
  return lines.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Non-zero when a run failed or a stack was held back for its bootstrap. */
export function runsExitCode(plan: RunPlan, results: readonly RunResult[]): number {
  return results.some((r) => r.status === 'failed' || r.status === 'not run') || plan.heldBack.length > 0 || plan.waiting.length > 0 ? 1 : 0;
}
