/**
 * Runs a child process and collects what it says: the one way this project starts `terraform`
 * (stacks/terraform.ts), `git` and `tsc` (the review's base synth), `python3` with boto3 (the
 * emulator's API calls). Below both rooms that run them: review/ and sandbox/.
 */
import { spawn } from 'node:child_process';

/** What a finished child process said, and its exit code. */
export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessOptions {
  readonly cwd?: string;
  /** The whole environment of the child (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed; without it stdin is closed at once. */
  readonly input?: string;
}

/**
 * Runs `command args`, collecting stdout and stderr. Resolves with the exit code whatever it is;
 * rejects only when the process could not start (e.g. `ENOENT` for a command that is not installed).
 */
export function runProcess(command: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', fail);
    // A child that exits without reading its stdin closes the pipe first: that is no error of the run.
    child.stdin.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') fail(err);
    });
    child.once('close', (code) => done({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
