import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';

process.env.CHECKPOINT_DISABLE = '1';
Testing.setupJest();

// Every temporary folder a test file makes (its own, cdktf's Testing.app, terraform's, the CLI's
// child processes') goes below one folder per test file, removed when the file is done.
const outerTmp = tmpdir();
const testTmp = mkdtempSync(join(outerTmp, 'cai-test-'));
// Caches meant to outlive the file (installed npm packages) stay in the system's folder.
process.env.CAI_SYSTEM_TMPDIR = outerTmp;
process.env.TMPDIR = testTmp;
afterAll(() => {
  process.env.TMPDIR = outerTmp;
  rmSync(testTmp, { recursive: true, force: true });
});
