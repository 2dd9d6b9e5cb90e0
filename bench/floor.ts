/**
 * Baseline (a) of the benchmark, the floor: a process that only writes the identical JSON bytes
 * (read from one prepared file of `{ relativePath: content }`).
 * Usage: node dist/bench/floor.js INPUT.json OUTDIR
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

if (require.main === module) {
  const files = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Record<string, string>;
  for (const [path, content] of Object.entries(files)) {
    const target = join(process.argv[3], path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
