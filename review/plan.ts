import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initStack, runTerraform } from '../stacks/terraform';

/** What `terraform plan` would do to one stack, against a new (empty) state. */
export interface StackPlan {
  readonly stack: string;
  readonly ok: boolean;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Resource addresses to create, by type. */
  readonly byType: Readonly<Record<string, number>>;
  readonly seconds: number;
  /** Terraform's own words when the plan failed. */
  readonly error?: string;
  /** Resources adopted with `import` blocks: importing reads AWS, so they are left out of the offline plan. */
  readonly imports: number;
  /** Why the stack was not planned offline (a stack with no AWS provider, such as HCP Terraform's workspaces). */
  readonly skipped?: string;
}

type StackJson = { provider?: { aws?: Record<string, unknown>[] }; terraform?: Record<string, unknown>; import?: unknown[] };

/**
 * A copy of the stack that plans without AWS: fake credentials and skip flags on the provider, no
 * `assume_role`, a local backend. Test- and review-only: the real stack is never touched.
 */
export function offlineCopy(stackJson: string): string {
  const json = JSON.parse(stackJson) as StackJson;
  json.provider = {
    aws: (json.provider?.aws ?? [{}]).map((p) => {
      const { assume_role: _role, ...rest } = p;
      return {
        ...rest,
        access_key: 'AKIAOFFLINEPLAN00000',
        secret_key: 'offline-plan-fake-secret',
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        allowed_account_ids: undefined,
      };
    }),
  };
  // Importing reads the live resource: offline, an adopted resource is planned as a creation.
  delete json.import;
  const terraform = { ...(json.terraform ?? {}) };
  delete terraform.backend;
  delete terraform.cloud;
  json.terraform = terraform;
  return JSON.stringify(json, null, 2);
}

/** Runs `terraform init` (offline, from the provider mirror) and `terraform plan -refresh=false` on a copy of one stack. */
export async function planStack(stackDir: string, stack: string, cliConfig: string): Promise<StackPlan> {
  const start = process.hrtime.bigint();
  const work = mkdtempSync(join(tmpdir(), `cai-plan-${stack}-`));
  const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
  try {
    cpSync(stackDir, work, { recursive: true, filter: (src) => !src.includes('.terraform') });
    const original = readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8');
    const parsed = JSON.parse(original) as StackJson;
    const imports = (parsed.import ?? []).length;
    if (!parsed.provider?.aws) {
      const providers = Object.keys(parsed.provider ?? {}).join(', ') || 'none';
      return { stack, ok: true, add: 0, change: 0, destroy: 0, byType: {}, seconds: seconds(), imports, skipped: `no AWS provider (providers: ${providers}); it is planned where it runs` };
    }
    writeFileSync(join(work, 'cdk.tf.json'), offlineCopy(original));
    const fail = (error: string): StackPlan => ({ stack, ok: false, add: 0, change: 0, destroy: 0, byType: {}, seconds: seconds(), error, imports });
    const init = await initStack(work, cliConfig);
    if (init.code !== 0) return fail(init.stderr || init.stdout);
    const plan = await runTerraform(['plan', '-refresh=false', '-input=false', '-lock=false', '-json'], work, cliConfig, { AWS_EC2_METADATA_DISABLED: 'true' });
    const events = plan.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { type: string; '@message'?: string; diagnostic?: { severity: string; summary: string; detail?: string }; change?: { action: string; resource: { resource_type: string } }; changes?: { add: number; change: number; remove: number } });
    const errors = events.filter((e) => e.type === 'diagnostic' && e.diagnostic?.severity === 'error').map((e) => `${e.diagnostic!.summary}: ${e.diagnostic!.detail ?? ''}`);
    const summary = events.find((e) => e.type === 'change_summary')?.changes;
    if (plan.code !== 0 || !summary) return fail(errors.join('\n') || plan.stderr || plan.stdout);
    const byType: Record<string, number> = {};
    for (const e of events) if (e.type === 'planned_change' && e.change?.action === 'create') byType[e.change.resource.resource_type] = (byType[e.change.resource.resource_type] ?? 0) + 1;
    return { stack, ok: true, add: summary.add, change: summary.change, destroy: summary.remove, byType, seconds: seconds(), imports };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One line per stack, for a reviewer or CI log. */
export function renderPlanSummary(plans: readonly StackPlan[]): string {
  const lines = plans.map((p) =>
    p.skipped
      ? `${p.stack}: not planned offline: ${p.skipped}`
      : p.ok
      ? `${p.stack}: ${p.add} to add, ${p.change} to change, ${p.destroy} to destroy (${Object.entries(p.byType).sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${n} ${t}`).join(', ')})` +
        `${p.imports ? `; ${p.imports} to import (planned as creations offline: importing reads AWS)` : ''} [${p.seconds.toFixed(1)} s]`
      : `${p.stack}: plan failed: ${p.error?.trim().split('\n').slice(0, 6).join(' | ')}`,
  );
  return `${lines.join('\n')}\nOffline plan against an empty state, with fake credentials: the closest to a real plan without AWS (no refresh, no data sources read).\n`;
}
