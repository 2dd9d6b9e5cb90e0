/**
 * Running the real `terraform` on synthesized stacks, offline: the AWS provider comes from a
 * filesystem mirror (`TF_PLUGIN_MIRROR`, default `/opt/tf-plugins`) in the unpacked layout, which
 * `terraform init` links into each stack's `.terraform` (~0.7 s, nothing copied). No plugin cache:
 * Terraform's cache is not safe for concurrent inits (seen here: a provider "still not detected"
 * after install, and a cache entry removed under a running plan).
 *
 * Used by `npm run synth` (scripts/cdktf.js), the review's offline plan and HCP Terraform runs
 * (review/), and the emulator deploys (sandbox/): it sits below all of them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessResult, runProcess } from './process';

/** Where the AWS provider mirror is unless `TF_PLUGIN_MIRROR` says otherwise. */
export const DEFAULT_PLUGIN_MIRROR = '/opt/tf-plugins';

/** Writes a Terraform CLI config that installs the AWS provider from the mirror; returns its path. */
export function writeOfflineCliConfig(dir: string, mirror = process.env.TF_PLUGIN_MIRROR || DEFAULT_PLUGIN_MIRROR): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'terraform.tfrc');
  writeFileSync(
    file,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}

/** What a `terraform` command said, and its exit code. */
export type TerraformResult = ProcessResult;

/** Runs `terraform <args>` in `cwd` with the offline CLI config. Never throws on a non-zero exit. */
export function runTerraform(args: readonly string[], cwd: string, cliConfig: string, env: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
  return runProcess('terraform', args, { cwd, env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...env } });
}

/** `terraform init` in `cwd` with the offline CLI config. */
export function initStack(cwd: string, cliConfig: string, args: readonly string[] = []): Promise<TerraformResult> {
  return runTerraform(['init', '-input=false', '-no-color', ...args], cwd, cliConfig);
}

/** `terraform init -backend=false` then `terraform validate -json` on one stack folder. */
export async function validateStack(stackDir: string, cliConfig: string): Promise<{ valid: boolean; output: string }> {
  const init = await initStack(stackDir, cliConfig, ['-backend=false']);
  if (init.code !== 0) return { valid: false, output: `terraform init failed:\n${init.stdout}${init.stderr}` };
  const validate = await runTerraform(['validate', '-json', '-no-color'], stackDir, cliConfig);
  const parsed = JSON.parse(validate.stdout || '{}') as { valid?: boolean; diagnostics?: { severity: string; summary: string; detail?: string }[] };
  const diagnostics = (parsed.diagnostics ?? []).map((d) => `${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ''}`).join('\n');
  return { valid: validate.code === 0 && parsed.valid === true, output: diagnostics || validate.stderr };
}
