import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * What a synthesized folder was made from: the org file's SHA-256 and the tool version, written
 * beside `manifest.json` at synth time. The review commands compare it with the org file at hand
 * and refuse a folder synthesized from another org file or by another version.
 */
export const STAMP_FILE = 'cross-account-iam.json';

export interface SynthStamp {
  readonly tool: 'cross-account-iam';
  readonly version: string;
  /** The org file as given to synth (for messages). */
  readonly orgFile: string;
  /** SHA-256 of the org file's bytes, hex. */
  readonly orgSha256: string;
  /** The stacks synthesized when `STACKS` limited them; absent when every stack was. */
  readonly stacks?: readonly string[];
}

/** This package's version, from its package.json (found above this file, built or not). */
export function toolVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cross-account-iam' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes the stamp into `outdir` (the folder being synthesized). */
export function writeSynthStamp(outdir: string, orgFile: string, stacks?: readonly string[]): void {
  const stamp: SynthStamp = {
    tool: 'cross-account-iam',
    version: toolVersion(),
    orgFile,
    orgSha256: sha256(readFileSync(orgFile)),
    ...(stacks && stacks.length > 0 ? { stacks: [...stacks] } : {}),
  };
  writeFileSync(join(outdir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
}

export function readSynthStamp(outdir: string): SynthStamp | undefined {
  const file = join(outdir, STAMP_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SynthStamp) : undefined;
}

/** A synthesized folder that does not match the org file at hand or this version. */
export class StaleOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleOutputError';
  }
}

/** `path` relative to `cwd` when inside it, else absolute. */
export function shown(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The command that synthesizes `orgFile` into `outdir` again. */
export function synthCommand(outdir: string, orgFile: string, cwd = process.cwd()): string {
  const org = shown(orgFile, cwd);
  const out = shown(outdir, cwd);
  return `${org === 'org.yaml' ? '' : `ORG_CONFIG=${org} `}npx cdktf synth${out === 'cdktf.out' ? '' : ` --output ${out}`}`;
}

/**
 * Refuses `outdir` unless it was synthesized, whole, from `orgFile` as it is now, by this version.
 * `partialOk` accepts output limited with `STACKS` (report, lint, plan of what is there).
 */
export function checkSynthStamp(outdir: string, orgFile: string, options: { partialOk?: boolean } = {}): SynthStamp {
  const dir = resolve(outdir);
  const fix = (why: string) => new StaleOutputError(`${shown(dir)} ${why}. Fix: synthesize it again: \`${synthCommand(dir, orgFile)}\`.`);
  if (!existsSync(orgFile)) {
    throw new StaleOutputError(`There is no org file at ${orgFile} to check ${shown(dir)} against. Fix: name the org file it was synthesized from with --org FILE (or ORG_CONFIG).`);
  }
  const stamp = readSynthStamp(dir);
  if (!stamp) throw fix(`was not synthesized by cross-account-iam ${toolVersion()} (it has no ${STAMP_FILE})`);
  if (stamp.version !== toolVersion()) throw fix(`was synthesized by cross-account-iam ${stamp.version}, not by this version (${toolVersion()})`);
  const now = sha256(readFileSync(orgFile));
  if (stamp.orgSha256 !== now) {
    throw fix(`was not synthesized from ${shown(orgFile)} as it is now (recorded: ${shown(stamp.orgFile)}, SHA-256 ${stamp.orgSha256.slice(0, 12)}...; now ${now.slice(0, 12)}...)`);
  }
  if (stamp.stacks && !options.partialOk) throw fix(`holds only the stacks ${stamp.stacks.join(', ')} (STACKS was set); this command needs every stack`);
  return stamp;
}
