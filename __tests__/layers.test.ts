/**
 * The tree's rooms and arrows: every import of the code points down the layers (README, "Layout").
 *
 *   bin/, bench/, scripts/, examples/, main.ts, index.ts   entry points: may import anything
 *   review/, sandbox/, import/                              the rooms: never each other, except
 *                                                           sandbox/ reading the review's readers
 *   stacks/ -> modules/ -> org/ -> policy/                  the layers under them, in that order
 *
 * Each file's imports are read as TypeScript reads them (`import`, `export ... from`, `require`,
 * `import()`; not text in strings or comments), relative paths and `cross-account-iam/...` alike;
 * the scripts' `require('../dist/...')` counts as the source file it was built from.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';

const ROOT = resolve(__dirname, '..');

/** Top to bottom; the top-level files (main.ts, index.ts) are `.`. */
const LAYERS: readonly (readonly string[])[] = [['bin', 'bench', 'scripts', 'examples', '.'], ['review', 'sandbox', 'import'], ['stacks'], ['modules'], ['org'], ['policy']];
/** The one sideways arrow between rooms: the sandbox reads a synthesized folder with the review's readers. */
const SIDEWAYS: Readonly<Record<string, readonly string[]>> = { sandbox: ['review/artifact.ts', 'review/access.ts'] };
/** Top-level folders that hold no code of the app (tests import everything, by design). */
const NOT_LAYERED = new Set(['__tests__', 'node_modules', 'dist', 'cdktf.out', 'docs', 'schema', 'help', '.git', '.github', '.ci', '.terraform.d', '.gen', 'coverage']);
const CODE = /\.(ts|js|mjs|cjs)$/;

const layerOf = (folder: string) => LAYERS.findIndex((l) => l.includes(folder));
const folderOf = (path: string) => (path.includes('/') ? path.split('/')[0] : '.');
const posix = (path: string) => path.split(sep).join('/');

function codeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : codeFiles(path);
    return CODE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The source file (relative to the root) that `specifier` in `file` names, or undefined for a package. */
function target(file: string, specifier: string): string | undefined {
  let path: string;
  if (specifier.startsWith('cross-account-iam/')) path = join(ROOT, specifier.slice('cross-account-iam/'.length));
  else if (specifier.startsWith('.')) path = resolve(dirname(file), specifier);
  else return undefined;
  let rel = posix(relative(ROOT, path));
  if (rel.startsWith('dist/')) rel = rel.slice('dist/'.length).replace(/\.js$/, '');
  const found = [rel, `${rel}.ts`, `${rel}.js`, `${rel}/index.ts`].find((c) => existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile());
  return found ?? rel;
}

export interface Arrow {
  readonly from: string;
  readonly to: string;
}

/** Why `arrow` breaks the layers, or undefined when it points down (or stays in its folder). */
export function wrongWay({ from, to }: Arrow): string | undefined {
  const [a, b] = [folderOf(from), folderOf(to)];
  if (a === b) return undefined;
  const [la, lb] = [layerOf(a), layerOf(b)];
  if (lb < 0) return `${from} imports ${to}, which is in no layer`;
  if (la === 0 && lb === 0) return undefined;
  if (lb > la) return undefined;
  if (lb === la && SIDEWAYS[a]?.includes(to)) return undefined;
  return `${from} imports ${to}: ${lb === la ? `${b}/ is a room beside ${a}/` : `${b === '.' ? to : `${b}/`} is above ${a}/`}`;
}

const folders = readdirSync(ROOT).filter((name) => !NOT_LAYERED.has(name) && statSync(join(ROOT, name)).isDirectory() && codeFiles(join(ROOT, name)).length > 0);
const files = [...folders.flatMap((f) => codeFiles(join(ROOT, f))), ...readdirSync(ROOT).filter((n) => n.endsWith('.ts')).map((n) => join(ROOT, n))];
const arrows: Arrow[] = files.flatMap((file) =>
  preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((i) => target(file, i.fileName))
    .filter((to): to is string => to !== undefined)
    .map((to) => ({ from: posix(relative(ROOT, file)), to })),
);

describe('the layers', () => {
  test('every top-level folder of code is in a layer', () => {
    expect(folders.filter((f) => layerOf(f) < 0)).toEqual([]);
    // The scan reads the whole tree: every layer below the entry points has files, and their imports are seen.
    for (const folder of ['review', 'sandbox', 'stacks', 'modules', 'org', 'policy']) expect(files.some((f) => posix(relative(ROOT, f)).startsWith(`${folder}/`)) ? folder : `${folder}: no files`).toBe(folder);
    expect(arrows.length).toBeGreaterThan(300);
  });

  test('every import names a file that exists (scripts included, whose paths no compiler checks)', () => {
    expect(arrows.filter(({ to }) => !existsSync(join(ROOT, to))).map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  test('every import points down the layers', () => {
    expect(arrows.map(wrongWay).filter(Boolean)).toEqual([]);
  });

  test('the sandbox reads the review room only through its readers of a synthesized folder', () => {
    const used = new Set(arrows.filter(({ from, to }) => from.startsWith('sandbox/') && to.startsWith('review/')).map(({ to }) => to));
    expect([...used].sort()).toEqual([...SIDEWAYS.sandbox].sort());
  });

  test('the check refuses an arrow up, a room importing a room, and accepts one down', () => {
    expect(wrongWay({ from: 'stacks/synth.ts', to: 'review/stamp.ts' })).toBe('stacks/synth.ts imports review/stamp.ts: review/ is above stacks/');
    expect(wrongWay({ from: 'review/plan.ts', to: 'sandbox/emulator.ts' })).toBe('review/plan.ts imports sandbox/emulator.ts: sandbox/ is a room beside review/');
    expect(wrongWay({ from: 'sandbox/deploy.ts', to: 'review/report.ts' })).toBe('sandbox/deploy.ts imports review/report.ts: review/ is a room beside sandbox/');
    expect(wrongWay({ from: 'policy/arn.ts', to: 'org/model.ts' })).toBe('policy/arn.ts imports org/model.ts: org/ is above policy/');
    expect(wrongWay({ from: 'stacks/app.ts', to: 'main.ts' })).toBe('stacks/app.ts imports main.ts: main.ts is above stacks/');
    expect(wrongWay({ from: 'sandbox/deploy.ts', to: 'review/artifact.ts' })).toBeUndefined();
    expect(wrongWay({ from: 'review/plan.ts', to: 'stacks/terraform.ts' })).toBeUndefined();
    expect(wrongWay({ from: 'scripts/cdktf.js', to: 'stacks/terraform.ts' })).toBeUndefined();
  });
});
