// Compiles the TypeScript only when a source is newer than the last build (a no-op `tsc` costs
// ~3 s; this check ~10 ms). Used by the cdktf app and the `cross-account-iam` command.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'dist', 'main.js');
const SOURCES = ['main.ts', 'index.ts', 'tsconfig.json', 'package.json', 'org', 'policy', 'modules', 'stacks', 'review', 'sandbox', 'import', 'bin', 'bench'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return path.endsWith('.ts') || path.endsWith('.json') ? st.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const buildInfo = join(root, 'dist', '.tsbuildinfo');
const stale = !existsSync(built) || !existsSync(buildInfo) || Math.max(...SOURCES.map((s) => newestMtime(join(root, s)))) > statSync(buildInfo).mtimeMs;
if (stale) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  // tsc leaves its build info alone when no output changed (a touched file); mark the check as done.
  const now = new Date();
  utimesSync(buildInfo, now, now);
}
