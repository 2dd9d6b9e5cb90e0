import { createHash } from 'node:crypto';

/**
 * Terraform resource names built only from IAM names, so that a resource's address never depends on
 * how constructs are nested: moving code around cannot replace a live role.
 *
 * The mapping is injective by construction: two different lists of parts never give the same name.
 * - Each part is escaped on its own. Letters, digits and `-` stay as they are (so the usual IAM names
 *   keep the addresses they always had); every other character, `_` included, becomes `__` followed
 *   by its UTF-16 code unit as 4 lowercase hex digits (`.` -> `__002e`, `_` -> `__005f`).
 * - Parts are joined with a single `_`.
 * - Terraform names start with a letter or `_`: a first part that starts with a digit or `-` (an
 *   issuer host such as `1ci.example.com`) has that first character escaped too (`__0031ci...`).
 * An escaped part never holds a lone `_`, and an escape is always exactly `__` + 4 hex digits, so a
 * run of underscores reads one way only: 1 = a join, 2 = an escape, 3 = a join then an escape.
 * Splitting on joins and undoing escapes gives the parts back (see `parseTerraformId`).
 *
 * @see https://developer.hashicorp.com/terraform/language/syntax/configuration#identifiers
 */
export function terraformId(...parts: string[]): string {
  if (parts.length === 0) throw new Error('terraformId needs at least one part.');
  parts.forEach((part, i) => {
    if (part.length === 0) throw new Error(`terraformId: part ${i} is empty (${JSON.stringify(parts)}).`);
  });
  const escaped = parts.map(escapePart);
  if (/^[0-9-]/.test(escaped[0])) escaped[0] = `${escapeChar(escaped[0][0])}${escaped[0].slice(1)}`;
  return escaped.join('_');
}

function escapeChar(c: string): string {
  return `__${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function escapePart(part: string): string {
  return part.replace(/[^A-Za-z0-9-]/g, escapeChar);
}

/** The parts a `terraformId` was made of: its inverse, which is what makes the mapping injective. */
export function parseTerraformId(id: string): string[] {
  const parts: string[] = [];
  let current = '';
  let i = 0;
  const escape = () => {
    const hex = id.slice(i + 2, i + 6);
    if (!/^[0-9a-f]{4}$/.test(hex)) throw new Error(`Not a terraformId: ${JSON.stringify(id)} (bad escape at ${i}).`);
    current += String.fromCharCode(parseInt(hex, 16));
    i += 6;
  };
  while (i < id.length) {
    const c = id[i];
    if (c !== '_') {
      if (!/[A-Za-z0-9-]/.test(c)) throw new Error(`Not a terraformId: ${JSON.stringify(id)} (character ${JSON.stringify(c)}).`);
      current += c;
      i++;
      continue;
    }
    let run = 0;
    while (id[i + run] === '_') run++;
    if (run === 2) {
      escape();
    } else if (run === 1 || run === 3) {
      if (current === '') throw new Error(`Not a terraformId: ${JSON.stringify(id)} (empty part).`);
      parts.push(current);
      current = '';
      i += 1;
      if (run === 3) escape();
    } else {
      throw new Error(`Not a terraformId: ${JSON.stringify(id)} (${run} underscores in a row).`);
    }
  }
  if (current === '') throw new Error(`Not a terraformId: ${JSON.stringify(id)} (empty part).`);
  parts.push(current);
  return parts;
}

/**
 * The name the same parts had before the escaping above (characters Terraform refuses replaced by
 * `_`, plus a hash when that happened). It was not injective (`a_b` + `c` and `a` + `b_c` met), so it
 * is only used to move state from it to the new name: where the two differ, stacks emit a `moved`
 * block, and nothing deployed with an earlier version is replaced.
 */
export function legacyTerraformId(...parts: string[]): string {
  const raw = parts.join('_');
  const safe = raw.replace(/[^A-Za-z0-9_-]/g, '_');
  const id = /^[A-Za-z_]/.test(safe) ? safe : `_${safe}`;
  if (id === raw) return id;
  return `${id}_${createHash('sha256').update(raw).digest('hex').slice(0, 8)}`;
}
