/**
 * `cross-account-iam sandbox`: the command's options and help. The flow itself, and everything it
 * runs, is the sandbox's (sandbox/run.ts).
 */
import { Command } from 'commander';
import { runSandbox, SandboxOptions } from '../sandbox/run';

/** Adds the `sandbox` subcommand to the CLI. */
export function addSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .summary('try the deploy on an AWS API emulator')
    .description('deploy the org to an AWS API emulator (moto), check who can assume what through its API, and tear it down: no AWS account needed')
    .option('--org <file>', 'org file (default: ORG_CONFIG or org.yaml)')
    .option('--endpoint <url>', 'use the emulator running at this URL instead of starting moto_server')
    .option('--keep', 'leave the emulator, its accounts and the work folder in place at the end')
    .option('--concurrency <n>', 'stacks deployed at once', '2')
    .action(async (opts: SandboxOptions) => {
      process.exitCode = await runSandbox(opts, (line) => process.stdout.write(`${line}\n`));
    });
}

