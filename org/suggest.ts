/**
 * Near-miss suggestions for the org file's messages: the keys the schema knows at a path
 * (knownKeysAt) and the closest name to a misspelt one (suggest).
 */
import { z } from 'zod';
import { KeyPath } from './errors';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; valueType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType };

const def = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas that `schema` may be, looking through optional, union and pipe wrappers. */
function objectsOf(schema: z.ZodType): z.ZodType[] {
  const d = def(schema);
  if (d.type === 'object') return [schema];
  if (d.innerType) return objectsOf(d.innerType);
  if (d.type === 'pipe' && d.in) return objectsOf(d.in);
  if (d.type === 'union' && d.options) return d.options.flatMap(objectsOf);
  return [];
}

/** The schema of the value at `path`, following the org file's data through records and lists. */
function schemaAt(schema: z.ZodType, path: KeyPath): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  for (const seg of path) {
    current = current.flatMap((s) => {
      let d = def(s);
      while (d.innerType) d = def(d.innerType);
      if (d.type === 'object' && d.shape) return d.shape[String(seg)] ? [d.shape[String(seg)]] : [];
      if (d.type === 'record' && d.valueType) return [d.valueType];
      if (d.type === 'array' && d.element) return [d.element];
      if (d.type === 'union' && d.options) return d.options.flatMap((o) => schemaAt(o, [seg]));
      return [];
    });
  }
  return current;
}

/** The keys an object at `path` may have; for a `type`-tagged map, those of its own type. */
export function knownKeysAt(schema: z.ZodType, path: KeyPath, data: unknown): string[] {
  let value: unknown = data;
  for (const seg of path) value = (value as Record<string, unknown> | undefined)?.[seg as string];
  let objects = schemaAt(schema, path).flatMap(objectsOf);
  const type = (value as { type?: unknown } | undefined)?.type;
  const tagged = objects.filter((o) => {
    const t = def(o).shape?.type;
    return t !== undefined && (t as unknown as { _zod: { def: { values?: unknown[] } } })._zod.def.values?.includes(type);
  });
  if (tagged.length > 0) objects = tagged;
  return [...new Set(objects.flatMap((o) => Object.keys(def(o).shape ?? {})))];
}

/** The known key closest to `key` (case, a typo or two), if any is close enough to suggest. */
export function suggest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(1, Math.floor(key.length / 4)) + 1 ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
