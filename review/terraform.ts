import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Running the real `terraform` on synthesized stacks, offline: the AWS provider comes from a
 * filesystem mirror (`TF_PLUGIN_MIRROR`, default `/opt/tf-plugins`). The plugin cache is seeded
 * with links into the mirror, so each stack's init only links the provider: nothing is copied, and
 * stacks can be initialized in parallel (Terraform's cache is not safe for concurrent installs).
 */
export const DEFAULT_PLUGIN_MIRROR = '/opt/tf-plugins';

/** Writes a Terraform CLI config that installs the AWS provider from the mirror; returns its path. */
export function writeOfflineCliConfig(dir: string, mirror = process.env.TF_PLUGIN_MIRROR || DEFAULT_PLUGIN_MIRROR): string {
  const cache = join(dir, 'plugin-cache');
  seedPluginCache(mirror, cache);
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
      `plugin_cache_dir = ${JSON.stringify(cache)}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** Links every `<host>/<namespace>/<type>/<version>/<platform>` folder of the mirror into the cache. */
function seedPluginCache(mirror: string, cache: string): void {
  mkdirSync(cache, { recursive: true });
  const dirs = (p: string) => (existsSync(p) ? readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : []);
  for (const host of dirs(mirror))
    for (const ns of dirs(join(mirror, host)))
      for (const type of dirs(join(mirror, host, ns)))
        for (const version of dirs(join(mirror, host, ns, type)))
          for (const platform of dirs(join(mirror, host, ns, type, version))) {
            const target = join(cache, host, ns, type, version, platform);
            if (existsSync(target)) continue;
            mkdirSync(join(cache, host, ns, type, version), { recursive: true });
            symlinkSync(join(mirror, host, ns, type, version, platform), target, 'dir');
          }
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `terraform <args>` in `cwd` with the offline CLI config. Never throws on a non-zero exit. */
export function runTerraform(args: readonly string[], cwd: string, cliConfig: string, env: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args], {
      cwd,
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** `terraform init -backend=false` then `terraform validate -json` on one stack folder. */
export async function validateStack(stackDir: string, cliConfig: string): Promise<{ valid: boolean; output: string }> {
  const init = await runTerraform(['init', '-backend=false', '-input=false', '-no-color'], stackDir, cliConfig);
  if (init.code !== 0) return { valid: false, output: `terraform init failed:\n${init.stdout}${init.stderr}` };
  const validate = await runTerraform(['validate', '-json', '-no-color'], stackDir, cliConfig);
  const parsed = JSON.parse(validate.stdout || '{}') as { valid?: boolean; diagnostics?: { severity: string; summary: string; detail?: string }[] };
  const diagnostics = (parsed.diagnostics ?? []).map((d) => `${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ''}`).join('\n');
  return { valid: validate.code === 0 && parsed.valid === true, output: diagnostics || validate.stderr };
}
