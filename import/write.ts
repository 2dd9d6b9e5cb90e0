/**
 * Writes the imported org file (YAML, in the order of docs/org-file.md, with comments where a
 * reader needs them) and the report of what was left out (Markdown and JSON).
 */
import { Document, isMap, isPair, isScalar, Pair, Scalar, visit, YAMLMap } from 'yaml';
import { MapResult, OrgDraft, ReportEntry } from './map';
import { AccountFailure } from './live';

/** Strings YAML would read as something else (numbers, dates, booleans, null) are written in double quotes. */
const LOOKS_TYPED = /^(\d+|\d{4}-\d{2}-\d{2}.*|true|false|yes|no|on|off|null|~|[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+)$/i;

export function renderOrgFile(draft: OrgDraft, header: readonly string[]): string {
  const doc = new Document(draft.file, { version: '1.2' });
  doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && LOOKS_TYPED.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // Comments by key path: `roles.X`, `groups.G`.
  for (const [path, text] of draft.comments) {
    const [section, name] = path.split('.');
    const map = doc.get(section) as YAMLMap | undefined;
    if (!isMap(map)) continue;
    const pair = map.items.find((p): p is Pair<Scalar, unknown> => isPair(p) && isScalar(p.key) && p.key.value === name);
    if (pair) (pair.key as Scalar).commentBefore = text.split('\n').map((l) => ` ${l}`).join('\n');
  }
  return doc.toString({ lineWidth: 0 });
}

/** The report in Markdown: one table row per entry, grouped by kind. */
export function renderReportMarkdown(result: Pick<MapResult, 'report' | 'imported'>, failures: readonly AccountFailure[] = []): string {
  const out: string[] = ['# Import report', ''];
  out.push(`Imported (adopt: true): ${plural(new Set(result.imported.roles.map((r) => r.name)).size, 'role')} (${result.imported.roles.length} in all accounts), ${plural(result.imported.groups.length, 'group')}.`, '');
  if (failures.length) {
    out.push('## Accounts that could not be read', '', '| account | id | error |', '| --- | --- | --- |');
    for (const f of failures) out.push(`| ${cell(f.key)} | ${f.accountId} | ${cell(f.error)} |`);
    out.push('');
  }
  const sections: [ReportEntry['kind'], string, string][] = [
    ['left-out', 'Left out (unmanaged, untouched)', 'The org file cannot say these exactly, so they are not in it; the stacks never touch them.'],
    ['narrows', 'Imported with less access', 'The org file says these as this project always writes them, which lets in less than today. Review each.'],
    ['note', 'Notes', 'No change of access.'],
  ];
  for (const [kind, title, intro] of sections) {
    const entries = result.report.filter((e) => e.kind === kind);
    out.push(`## ${title} (${entries.length})`, '', intro, '');
    if (entries.length === 0) {
      out.push('None.', '');
      continue;
    }
    out.push('| account | resource | what | why |', '| --- | --- | --- | --- |');
    for (const e of entries) out.push(`| ${cell(e.account)} (${e.accountId}) | ${cell(e.resource)} | ${cell(e.what)} | ${cell(e.why)} |`);
    out.push('');
  }
  return `${out.join('\n')}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderReportJson(result: Pick<MapResult, 'report' | 'imported'>, failures: readonly AccountFailure[] = []): string {
  return `${JSON.stringify({ imported: result.imported, failures, entries: result.report }, null, 2)}\n`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
