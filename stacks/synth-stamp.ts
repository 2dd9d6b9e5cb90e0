/**
 * The synth stamp: what a synthesized folder was made from, the org file (its path and SHA-256) and
 * the tool version, written beside `manifest.json` at synth time (stacks/synth.ts). The review
 * commands follow it: with no `--org` and no `ORG_CONFIG` they check the folder against the org
 * file it records; they refuse a folder synthesized from another org file, from an org file changed
 * since, or by another version. Writer and checks live together so the format has one home; it
 * sits in stacks/ because the synth writes it, and the commands above read it from here.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { orgFilePath } from '../org/load';

/** The stamp's file name, in the synthesized folder. */
export const STAMP_FILE = 'cross-account-iam.json';

export interface SynthStamp {
  readonly tool: 'cross-account-iam';
  readonly version: string;
  /** The org file as given to synth (the only path that stamps of earlier versions record). */
  readonly orgFile: string;
  /** SHA-256 of the org file's bytes, hex. */
  readonly orgSha256: string;
  /** The stacks synthesized when `STACKS` limited them; absent when every stack was. */
  readonly stacks?: readonly string[];
  /** The org file's absolute path at synth. */
  readonly orgPath?: string;
  /** The org file's path from the folder itself (`../org.yaml`): still right when the project has moved. */
  readonly orgFromFolder?: string;
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

/**
 * Writes the stamp into `outdir`: the folder being synthesized, or its staging folder beside it
 * (the path from the folder to the org file is the same from either).
 */
export function writeSynthStamp(outdir: string, orgFile: string, stacks?: readonly string[]): void {
  const orgPath = resolve(orgFile);
  const stamp: SynthStamp = {
    tool: 'cross-account-iam',
    version: toolVersion(),
    orgFile,
    orgSha256: sha256(readFileSync(orgFile)),
    ...(stacks && stacks.length > 0 ? { stacks: [...stacks] } : {}),
    orgPath,
    orgFromFolder: relative(resolve(outdir), orgPath),
  };
  writeFileSync(join(outdir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
}

/** The stamp of `outdir`, if it has one; throws on a file that is not a stamp. */
export function readSynthStamp(outdir: string): SynthStamp | undefined {
  const file = join(outdir, STAMP_FILE);
  if (!existsSync(file)) return undefined;
  const stamp = JSON.parse(readFileSync(file, 'utf8')) as SynthStamp | null;
  if (!stamp || typeof stamp !== 'object' || typeof stamp.orgFile !== 'string' || typeof stamp.orgSha256 !== 'string') throw new Error(`${file} is not a ${STAMP_FILE} of cross-account-iam`);
  return stamp;
}

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/**
 * The org file `stamp` records for `outdir`, absolute. Its recorded absolute path, the path from the
 * folder (the project moved), or, for a stamp of an earlier version, the path as given resolved
 * against the working folder or the folder's parent: the first that holds the recorded bytes, else
 * the first that exists, else the first.
 */
export function recordedOrgFile(outdir: string, stamp: SynthStamp, cwd = process.cwd()): string {
  const dir = resolve(outdir);
  const candidates = [
    ...(stamp.orgPath ? [stamp.orgPath] : []),
    ...(stamp.orgFromFolder ? [resolve(dir, stamp.orgFromFolder)] : []),
    resolve(cwd, stamp.orgFile),
    ...(isAbsolute(stamp.orgFile) ? [] : [resolve(dirname(dir), stamp.orgFile)]),
  ].filter((c, i, all) => all.indexOf(c) === i);
  const existing = candidates.filter(isFile);
  return existing.find((c) => sha256(readFileSync(c)) === stamp.orgSha256) ?? existing[0] ?? candidates[0];
}

/**
 * The org file a review command checks `outdir` against: the one named with `--org` (`named`), else
 * `ORG_CONFIG`, else `org.yaml` when it holds the bytes the folder records (as before the folder was
 * followed: `--base-ref` reads it from the git repository at hand), else the one the folder records,
 * else `org.yaml`. Absolute.
 */
export function orgFileToReview(outdir: string, named?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (named) return resolve(cwd, named);
  const fallback = orgFilePath(env, cwd);
  if (env.ORG_CONFIG) return fallback;
  let stamp: SynthStamp | undefined;
  try {
    stamp = readSynthStamp(resolve(cwd, outdir));
  } catch {
    return fallback; // checkSynthStamp says what is wrong with the stamp
  }
  if (!stamp || (isFile(fallback) && sha256(readFileSync(fallback)) === stamp.orgSha256)) return fallback;
  return recordedOrgFile(resolve(cwd, outdir), stamp, cwd);
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

/** `word` as one shell word. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * The command that synthesizes `orgFile`, whole, into `outdir` again. `ORG_CONFIG` is left out only
 * for `org.yaml` when the environment has no `ORG_CONFIG`; `STACKS` is emptied when it is set.
 */
export function synthCommand(outdir: string, orgFile: string, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const org = shown(orgFile, cwd);
  const out = shown(outdir, cwd);
  const vars = [...(env.STACKS?.trim() ? ['STACKS='] : []), ...(org === 'org.yaml' && !env.ORG_CONFIG ? [] : [`ORG_CONFIG=${shellWord(org)}`])];
  return `${vars.map((v) => `${v} `).join('')}npx cdktf synth${out === 'cdktf.out' ? '' : ` --output ${shellWord(out)}`}`;
}

/**
 * Refuses `outdir` unless it was synthesized, whole, from `orgFile` as it is now, by this version.
 * `partialOk` accepts output limited with `STACKS` (report, lint, plan of what is there). Each fix
 * synthesizes `orgFile` (the file named, or the one the folder records) into `outdir` itself.
 */
export function checkSynthStamp(outdir: string, orgFile: string, options: { partialOk?: boolean } = {}): SynthStamp {
  const dir = resolve(outdir);
  const org = resolve(orgFile);
  const fix = (why: string) => new StaleOutputError(`${shown(dir)} ${why}. Fix: synthesize it again: \`${synthCommand(dir, org)}\`.`);
  let stamp: SynthStamp | undefined;
  try {
    stamp = readSynthStamp(dir);
  } catch (err) {
    throw fix(`has a ${STAMP_FILE} that cannot be read (${(err as Error).message})`);
  }
  const recorded = stamp && recordedOrgFile(dir, stamp);
  if (!isFile(org)) {
    if (recorded === org) {
      throw new StaleOutputError(
        `${shown(dir)} was synthesized from ${shown(org)}, which is not there any more. Fix: put it back and synthesize it again: \`${synthCommand(dir, org)}\`, or, if it moved, name it with --org FILE.`,
      );
    }
    throw new StaleOutputError(
      `There is no org file at ${orgFile} to check ${shown(dir)} against. Fix: name the org file it was synthesized from with --org FILE (or ORG_CONFIG)${recorded ? `: ${shown(recorded)}` : ''}.`,
    );
  }
  if (!stamp || !recorded) throw fix(`was not synthesized by cross-account-iam ${toolVersion()} (it has no ${STAMP_FILE})`);
  const now = sha256(readFileSync(org));
  const sameBytes = stamp.orgSha256 === now;
  if (stamp.version !== toolVersion()) throw fix(`was synthesized by cross-account-iam ${stamp.version}${sameBytes ? '' : ` from ${shown(recorded)}`}, not by this version (${toolVersion()})`);
  if (!sameBytes) {
    const was = `SHA-256 ${stamp.orgSha256.slice(0, 12)}...`;
    if (recorded === org) throw fix(`was synthesized from ${shown(org)}, which has changed since (${was} then, ${now.slice(0, 12)}... now)`);
    const intact = isFile(recorded) && sha256(readFileSync(recorded)) === stamp.orgSha256;
    throw fix(
      `was not synthesized from ${shown(org)} as it is now (recorded: ${shown(recorded)}, ${was}; now ${now.slice(0, 12)}...)` +
        (intact ? `. To review it as it is, give --org ${shellWord(shown(recorded))} (unchanged since)` : ''),
    );
  }
  if (stamp.stacks && !options.partialOk) throw fix(`holds only the stacks ${stamp.stacks.join(', ')} (STACKS was set); this command needs every stack`);
  return stamp;
}
