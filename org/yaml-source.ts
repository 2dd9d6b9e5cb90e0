import { Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair, parseDocument, visit, YAMLMap } from 'yaml';
import { KeyPath } from './errors';

/**
 * The most values a file may hold once its aliases are expanded. Far above any real org file (a
 * 1,000-account org is some tens of thousands), far below an alias bomb ("billion laughs").
 */
export const MAX_EXPANDED_VALUES = 1_000_000;

/** A structural mistake in the YAML itself, at a character offset. */
export interface YamlStructureProblem {
  readonly offset: number;
  readonly message: string;
}

/** A parsed YAML file that can say on which line a key path stands. */
export class YamlSource {
  readonly lines = new LineCounter();
  readonly doc: Document.Parsed;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    // YAML 1.2 core schema: no `yes`/`no` booleans, no sexagesimal or date surprises. Merge keys
    // (`<<: *defaults`) are honoured, as most YAML tools do; the parser's merge support costs a
    // third more time on large files, so it is switched on only for files that have a `<<`.
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false, version: '1.2', merge: text.includes('<<') });
  }

  /**
   * Aliases and merge keys that cannot be read as meant: an alias to an anchor that is not defined
   * (or only later), an alias inside its own anchor, a merge key `<<` on something other than maps,
   * and aliases that expand the file beyond MAX_EXPANDED_VALUES (an alias bomb).
   */
  structureProblems(): YamlStructureProblem[] {
    const problems: YamlStructureProblem[] = [];
    const doc = this.doc;
    /** Where each anchor is first set; only needed (and so only gathered) for an alias without one before it. */
    let anchors: Map<string, number> | undefined;
    const anchorOffset = (name: string): number | undefined => {
      if (!anchors) {
        const found = new Map<string, number>();
        visit(doc, {
          Node: (_key, node) => {
            if (!isAlias(node) && node.anchor && !found.has(node.anchor)) found.set(node.anchor, rangeStart(node) ?? 0);
          },
        });
        anchors = found;
      }
      return anchors.get(name);
    };
    const resolve = (node: unknown) => this.resolve(node);

    const sizes = new Map<unknown, number>();
    const inProgress = new Set<unknown>();
    const cycles = new Set<unknown>();
    const expanded = (node: unknown): number => {
      if (node === null || node === undefined) return 1;
      const known = sizes.get(node);
      if (known !== undefined) return known;
      if (inProgress.has(node)) {
        cycles.add(node);
        return 1;
      }
      inProgress.add(node);
      let size = 1;
      if (isAlias(node)) size = expanded(resolve(node));
      else if (isCollection(node)) for (const item of node.items) size += isPair(item) ? expanded(item.key) + expanded(item.value) : expanded(item);
      inProgress.delete(node);
      size = Math.min(size, Number.MAX_SAFE_INTEGER);
      sizes.set(node, size);
      return size;
    };

    let total = 0;
    let bombReported = false;
    visit(doc, {
      Alias: (_key, alias) => {
        const at = rangeStart(alias) ?? 0;
        const target = resolve(alias);
        if (!target) {
          const later = anchorOffset(alias.source);
          problems.push({
            offset: at,
            message:
              later === undefined
                ? `alias *${alias.source} refers to no anchor: nothing in the file is marked &${alias.source}. Fix: mark the value to reuse with &${alias.source}, or correct the alias name.`
                : `alias *${alias.source} comes before its anchor &${alias.source} (line ${this.lines.linePos(later).line}); YAML reads aliases only after their anchor. Fix: move the anchored value above this line.`,
          });
          return;
        }
        const size = expanded(alias);
        if (cycles.size > 0) {
          problems.push({ offset: at, message: `alias *${alias.source} is inside the value it refers to, which would repeat it forever. Fix: refer to the anchor from outside its own value.` });
          cycles.clear();
          return;
        }
        total += size;
        if (total > MAX_EXPANDED_VALUES && !bombReported) {
          bombReported = true;
          problems.push({
            offset: at,
            message: `aliases expand the file to more than ${MAX_EXPANDED_VALUES.toLocaleString('en-US')} values here (an alias bomb, "billion laughs"), so it is not read. Fix: write the values out, or reuse anchors that do not nest other aliases this deeply.`,
          });
        }
      },
      Map: (_key, map) => {
        let merges = 0;
        for (const pair of map.items) {
          if (isScalar(pair.key) && pair.key.value === null) {
            const written = pair.key.source;
            problems.push({
              offset: rangeStart(pair.key) ?? 0,
              message: written
                ? `YAML reads the unquoted key ${written} as an empty value (null), not as the text "${written}" (such as IAM's Null condition operator). Fix: quote it: "${written}".`
                : 'this key is empty. Fix: write a key before the colon, or remove the line.',
            });
          }
          if (!isScalar(pair.key) || String(pair.key.value) !== (isMergeKey(pair) ? 'Symbol(<<)' : '<<')) continue;
          if (!isMergeKey(pair)) {
            problems.push({
              offset: rangeStart(pair.key) ?? 0,
              message: `a quoted "<<" is not a merge key: YAML would keep it as a key named <<. Fix: write << without quotes to merge a map, or remove it.`,
            });
            continue;
          }
          merges += 1;
          if (merges === 2) {
            problems.push({ offset: rangeStart(pair.key) ?? 0, message: 'this map has more than one merge key "<<". Fix: merge several maps with one list, e.g. <<: [*defaults, *team].' });
          }
          const bad = mergeSourceProblem(pair, resolve);
          if (bad) {
            problems.push({
              offset: rangeStart(pair.value) ?? rangeStart(pair.key) ?? 0,
              message: `the merge key "<<" merges maps only, but here it is given ${bad}. Fix: write <<: *anchor where the anchor marks a map, or a list of such aliases, e.g. <<: [*defaults, *team].`,
            });
          }
        }
      },
    });
    return problems.sort((a, b) => a.offset - b.offset);
  }

  private aliasTargets?: Map<unknown, unknown>;

  /**
   * What an alias refers to: the last node before it with that anchor (undefined when none), found
   * in one pass over the file (the yaml library's own lookup walks the whole file per alias).
   */
  resolve(node: unknown): unknown {
    if (!isAlias(node)) return node;
    if (!this.aliasTargets) {
      const targets = new Map<unknown, unknown>();
      const current = new Map<string, unknown>();
      visit(this.doc, {
        Node: (_key, n) => {
          if (isAlias(n)) targets.set(n, current.get(n.source));
          else if (n.anchor) current.set(n.anchor, n);
        },
      });
      this.aliasTargets = targets;
    }
    return this.aliasTargets.get(node);
  }

  /** 1-based line and column of the value (or key) at `path`; the nearest existing parent when absent. */
  position(path: KeyPath, at: 'key' | 'value' = 'value'): { line: number; column: number } {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isAlias(node)) node = this.resolve(node);
      if (isMap(node)) {
        const pair = findPair(node, String(seg), (n) => this.resolve(n));
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        if (last && at === 'key' && keyStart !== undefined) {
          offset = keyStart;
          break;
        }
        node = pair.value;
        offset = rangeStart(node) ?? keyStart ?? offset;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
    }
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
}

/** The pair of `key` in a map, looking into the maps it merges (`<<`) when it has no such key itself. */
function findPair(map: YAMLMap, key: string, resolve: (n: unknown) => unknown, depth = 0): Pair | undefined {
  const own = map.items.find((p) => isPair(p) && !isMergeKey(p) && isScalar(p.key) && String(p.key.value) === key);
  if (own || depth > 20) return own;
  for (const pair of map.items) {
    if (!isMergeKey(pair)) continue;
    const value = resolve(pair.value);
    const sources = isSeq(value) ? value.items.map(resolve) : [value];
    for (const source of sources) {
      const found = isMap(source) ? findPair(source, key, resolve, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** A `<<` key written plain, which YAML reads as a merge key (quoted, it is a key named "<<"). */
function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === 'symbol' && pair.key.value.description === '<<';
}

/** What is wrong with the value of a merge key, or undefined when it is a map or a list of maps. */
function mergeSourceProblem(pair: Pair, resolve: (n: unknown) => unknown): string | undefined {
  if (isAlias(pair.value) && !resolve(pair.value)) return undefined; // reported as an unknown alias
  const value = resolve(pair.value);
  const describe = (n: unknown): string => (n === null || n === undefined || (isScalar(n) && n.value === null) ? 'nothing' : isScalar(n) ? `the value ${JSON.stringify(n.value)}` : isSeq(n) ? 'a list' : 'something else');
  if (isMap(value)) return undefined;
  if (isSeq(value) && !isAlias(pair.value)) {
    const item = value.items.find((s) => !isMap(resolve(s)) && !(isAlias(s) && !resolve(s)));
    return item === undefined ? undefined : `a list holding ${describe(resolve(item))}`;
  }
  return describe(value);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
