// `npm test`'s first step: type-check everything (tests included, no output) and build dist/ (what
// the CLI and cdktf tests run), side by side: two independent `tsc` runs on two cores. Fails when
// either fails, after both have printed their errors.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');
const run = (project) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', join(root, project)], { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });

Promise.all([run('tsconfig.test.json'), run('tsconfig.json')]).then((codes) => {
  process.exit(codes.some((c) => c !== 0) ? 1 : 0);
});
