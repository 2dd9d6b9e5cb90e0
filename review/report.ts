import { switchRoleUrl } from '../policy/arn';
import { AccessReport, Grant, PrincipalAccess } from './access';
import { SynthesizedOrg, SynthesizedRole } from './artifact';

/** `1 h`, `4 h`, `15 min` */
export function duration(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${Math.round(seconds / 60)} min`;
}

/** The conditions of a grant, in words a reviewer reads at a glance. */
export function grantConditions(g: Grant): string {
  const parts = [g.mfa ? (g.mfaMaxAgeSeconds ? `MFA (signed in < ${duration(g.mfaMaxAgeSeconds)} ago)` : 'MFA') : '**no MFA**'];
  if (g.orgId) parts.push(`org ${g.orgId}`);
  if (g.sourceIps?.length) parts.push(`from ${g.sourceIps.join(', ')}`);
  parts.push(`session ≤ ${duration(g.maxSessionDuration)}`);
  return parts.join(', ');
}

export function principalConditions(p: PrincipalAccess): string {
  const parts = [p.externalId ? `external id \`${p.externalId}\`` : 'no external id'];
  if (p.orgId) parts.push(`org ${p.orgId}`);
  if (p.sourceIps?.length) parts.push(`from ${p.sourceIps.join(', ')}`);
  if (p.wholeAccount) parts.push('**whole account**');
  parts.push(`session ≤ ${duration(p.maxSessionDuration)}`);
  return parts.join(', ');
}

const code = (s: string) => `\`${s}\``;
const mermaidId = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
/** Text inside a quoted Mermaid label: no quotes, no markup. */
const label = (s: string) => s.replace(/["<>`|]/g, "'");

/** Mermaid's own defaults: a longer diagram text or more edges and GitHub shows an error, not a picture. */
export const MERMAID_MAX_TEXT = 50_000;
export const MERMAID_MAX_EDGES = 500;
/** Above these, one flat hub-and-spoke graph is a hairball: the report draws one aggregated diagram per group. */
export const FLAT_MAX_ACCOUNTS = 25;
export const FLAT_MAX_EDGES = 100;
/** At most this many environment (or principal) nodes in one aggregated diagram; the rest are merged. */
export const AGGREGATE_MAX_NODES = 40;
/** At most this many roles named on one edge. */
const LABEL_MAX_ROLES = 6;

export interface Diagram {
  readonly title: string;
  /** Mermaid source, without the fence. */
  readonly source: string;
  readonly edges: number;
}

/** Every account and role a group reaches, flat: identity, groups, accounts. */
export function flatDiagram(synth: SynthesizedOrg, access: AccessReport, groups: readonly string[]): Diagram {
  const out = ['graph LR', `  identity["identity ${access.identityAccountId ?? ''}"]`];
  let edges = 0;
  for (const group of groups) {
    out.push(`  ${mermaidId('g', group)}(["${label(group)}"])`, `  identity --- ${mermaidId('g', group)}`);
    edges++;
  }
  for (const a of synth.accounts) out.push(`  ${mermaidId('a', a.stack)}["${label(a.stack)} ${a.accountId}"]`);
  const byPair = new Map<string, string[]>();
  for (const g of access.grants) {
    const key = `${mermaidId('g', g.group)}|${mermaidId('a', g.account)}`;
    byPair.set(key, [...(byPair.get(key) ?? []), g.role]);
  }
  for (const [key, roles] of byPair) {
    const [from, to] = key.split('|');
    out.push(`  ${from} -->|${roles.join(', ')}| ${to}`);
    edges++;
  }
  for (const p of access.principals) {
    out.push(`  ${mermaidId('p', p.principal)}{{"${label(p.principal.split(':').slice(4).join(':'))}"}} -.->|${p.role}| ${mermaidId('a', p.account)}`);
    edges++;
  }
  return { title: 'Hub and spokes', source: `${out.join('\n')}\n`, edges };
}

/** `Admin 334, ReadOnly 1000` (accounts per role), at most LABEL_MAX_ROLES roles named. */
function roleCounts(counts: Map<string, number>): string {
  const entries = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  const shown = entries.slice(0, LABEL_MAX_ROLES).map(([r, n]) => `${r} ${n}`);
  return label([...shown, ...(entries.length > LABEL_MAX_ROLES ? [`+${entries.length - LABEL_MAX_ROLES} roles`] : [])].join(', '));
}

/**
 * One source node, edges to environments (or to principals' targets) labelled with the roles and how
 * many accounts each reaches; beyond AGGREGATE_MAX_NODES targets the smallest are merged into one.
 */
function aggregated(title: string, from: { id: string; node: string }, links: readonly { target: string; role: string; account: string }[], totals: ReadonlyMap<string, number>): Diagram {
  const byTarget = new Map<string, { accounts: Set<string>; roles: Map<string, Set<string>> }>();
  for (const l of links) {
    const t = byTarget.get(l.target) ?? { accounts: new Set<string>(), roles: new Map<string, Set<string>>() };
    t.accounts.add(l.account);
    t.roles.set(l.role, (t.roles.get(l.role) ?? new Set<string>()).add(l.account));
    byTarget.set(l.target, t);
  }
  let targets = [...byTarget.entries()].sort(([a, x], [b, y]) => y.accounts.size - x.accounts.size || a.localeCompare(b));
  if (targets.length > AGGREGATE_MAX_NODES) {
    const rest = targets.slice(AGGREGATE_MAX_NODES - 1);
    const merged = { accounts: new Set<string>(), roles: new Map<string, Set<string>>() };
    for (const [, t] of rest) {
      t.accounts.forEach((a) => merged.accounts.add(a));
      for (const [r, accts] of t.roles) accts.forEach((a) => merged.roles.set(r, (merged.roles.get(r) ?? new Set<string>()).add(a)));
    }
    targets = [...targets.slice(0, AGGREGATE_MAX_NODES - 1), [`${rest.length} other environments`, merged]];
  }
  const out = ['graph LR', `  ${from.id}${from.node}`];
  targets.forEach(([name, t], i) => {
    const total = totals.get(name);
    out.push(`  t${i}["${label(name)}: ${t.accounts.size}${total !== undefined ? ` of ${total}` : ''} account${(total ?? t.accounts.size) === 1 ? '' : 's'}"]`);
    out.push(`  ${from.id} -->|"${roleCounts(new Map([...t.roles].map(([r, a]) => [r, a.size])))}"| t${i}`);
  });
  return { title, source: `${out.join('\n')}\n`, edges: targets.length };
}

/**
 * The hub-and-spoke diagrams: one flat graph while it stays readable, else one per group (group ->
 * environment, with the roles and account counts) and one per named principal set, each within
 * Mermaid's default limits (MERMAID_MAX_TEXT characters, MERMAID_MAX_EDGES edges) at any size.
 */
export function renderDiagrams(synth: SynthesizedOrg, access: AccessReport): Diagram[] {
  const groups = synth.identity?.groups.map((g) => g.name) ?? [];
  if (synth.accounts.length <= FLAT_MAX_ACCOUNTS) {
    const flat = flatDiagram(synth, access, groups);
    if (flat.edges <= FLAT_MAX_EDGES && flat.source.length <= MERMAID_MAX_TEXT) return [flat];
  }
  const env = (stack: string) => synth.accounts.find((a) => a.stack === stack)?.environment ?? 'unspecified';
  const envOf = new Map(synth.accounts.map((a) => [a.stack, a.environment ?? 'unspecified']));
  const totals = new Map<string, number>();
  for (const e of envOf.values()) totals.set(e, (totals.get(e) ?? 0) + 1);
  const diagrams: Diagram[] = [];
  for (const group of groups) {
    const links = access.grants.filter((g) => g.group === group).map((g) => ({ target: envOf.get(g.account) ?? env(g.account), role: g.role, account: g.account }));
    if (links.length === 0) continue;
    diagrams.push(aggregated(`Group ${group}`, { id: 'g', node: `(["group ${label(group)}"])` }, links, totals));
  }
  if (access.principals.length > 0) {
    const links = access.principals.map((p) => ({ target: p.principal.split(':').slice(4).join(':'), role: p.role, account: p.account }));
    diagrams.push(aggregated('Named principals (automation and third parties)', { id: 'p', node: '{{"named principals"}}' }, links, new Map()));
  }
  return diagrams;
}

/**
 * The access report as Markdown blocks (a heading, a table row, a whole diagram): cut only between
 * blocks, a shortened report stays valid Markdown. Per group, per environment, diagrams, a page per role.
 */
export function renderReportBlocks(synth: SynthesizedOrg, access: AccessReport): string[] {
  const out: string[] = ['# Cross-account access', ''];
  const groups = [...new Set([...(synth.identity?.groups.map((g) => g.name) ?? [])])];
  out.push(
    `Identity account ${code(access.identityAccountId ?? 'unknown')}: ${groups.length} groups, ${synth.accounts.length} member accounts, ` +
      `${access.grants.length} group grants, ${access.principals.length} named principal trusts.`,
    '',
  );

  out.push('## Who can assume what', '');
  const grantsOf = new Map<string, Grant[]>();
  for (const g of access.grants) grantsOf.set(g.group, [...(grantsOf.get(g.group) ?? []), g]);
  for (const group of groups) {
    const mine = grantsOf.get(group) ?? [];
    out.push(`### Group ${code(group)}`, '');
    if (mine.length === 0) {
      out.push('No access to any member account.', '');
      continue;
    }
    out.push('| account | role | conditions |\n| --- | --- | --- |');
    for (const g of mine) out.push(`| ${g.account} (${g.accountId}) | ${code(g.role)} | ${grantConditions(g)} |`);
    out.push('');
  }
  if (access.principals.length > 0) {
    out.push('### Named principals (automation and third parties)', '', '| principal | account | role | conditions |\n| --- | --- | --- | --- |');
    for (const p of access.principals) out.push(`| ${code(p.principal)} | ${p.account} | ${code(p.role)} | ${principalConditions(p)} |`);
    out.push('');
  }

  out.push('## Account x role matrix', '');
  const who = new Map<string, string[]>();
  for (const g of access.grants) who.set(`${g.account}|${g.role}`, [...(who.get(`${g.account}|${g.role}`) ?? []), g.group]);
  for (const p of access.principals) who.set(`${p.account}|${p.role}`, [...(who.get(`${p.account}|${p.role}`) ?? []), p.principal.split(':').pop()!]);
  const environments = [...new Set(synth.accounts.map((a) => a.environment ?? 'unspecified'))];
  for (const env of environments) {
    const accounts = synth.accounts.filter((a) => (a.environment ?? 'unspecified') === env);
    const roles = [...new Set(accounts.flatMap((a) => a.roles.map((r) => r.name)))].sort();
    out.push(`### Environment ${code(env)}`, '', `| account | ${roles.map(code).join(' | ')} |\n| --- | ${roles.map(() => '---').join(' | ')} |`);
    for (const a of accounts) {
      const cells = roles.map((r) => (!a.roles.some((x) => x.name === r) ? '' : (who.get(`${a.stack}|${r}`) ?? ['(nobody)']).join(', ')));
      out.push(`| ${a.stack} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }

  const diagrams = renderDiagrams(synth, access);
  out.push('## Hub and spokes', '');
  if (diagrams.length > 1) out.push(`${synth.accounts.length} accounts: one diagram per group, accounts counted per environment.`, '');
  for (const d of diagrams) {
    if (diagrams.length > 1) out.push(`### ${d.title}`, '');
    out.push(`\`\`\`mermaid\n${d.source}\`\`\``, '');
  }

  out.push('## Roles', '');
  const byName = new Map<string, { account: string; accountId: string; role: SynthesizedRole }[]>();
  for (const a of synth.accounts) for (const r of a.roles) byName.set(r.name, [...(byName.get(r.name) ?? []), { account: a.stack, accountId: a.accountId, role: r }]);
  for (const [name, placements] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const first = placements[0].role;
    const page: string[] = [`### Role ${code(name)}`, ''];
    if (first.description) page.push(first.description, '');
    page.push(`- Accounts: ${placements.map((p) => `${p.account} (${p.accountId})`).join(', ')}`);
    page.push(`- Permissions: ${[...first.managedPolicyArns.map(code), ...first.inlinePolicies.map((p) => `inline ${code(p.name)}`)].join(', ') || 'none'}`);
    if (first.permissionsBoundary) page.push(`- Permissions boundary: ${code(first.permissionsBoundary)}`);
    page.push(`- Session: at most ${duration(first.maxSessionDuration)} (role chaining: 1 h)`);
    const whoGrants = access.grants.filter((g) => g.role === name);
    const named = access.principals.filter((p) => p.role === name);
    page.push('- Who can assume it:');
    for (const group of [...new Set(whoGrants.map((g) => g.group))]) {
      const mine = whoGrants.filter((g) => g.group === group);
      page.push(`  - group ${code(group)} in ${mine.map((g) => g.account).join(', ')}: ${grantConditions(mine[0])}`);
    }
    for (const p of named) page.push(`  - ${code(p.principal)} in ${p.account}: ${principalConditions(p)}`);
    if (whoGrants.length === 0 && named.length === 0) page.push('  - nobody');
    const deniedTo = [...new Set(access.denials.filter((d) => d.role === name).map((d) => d.group))];
    if (deniedTo.length > 0) page.push(`- Never assumable by (deny): ${deniedTo.map((g) => `group ${code(g)}`).join(', ')}`);
    const example = placements[0];
    page.push(
      '- How:',
      `  - CLI: ${code(`aws sts assume-role --role-arn ${example.role.arn} --role-session-name $USER${whoGrants[0]?.mfa ? ' --serial-number <your MFA ARN> --token-code <code>' : ''}${named[0]?.externalId ? ` --external-id ${named[0].externalId}` : ''}`)}`,
      `  - Console: ${placements.map((p) => `[${p.account}](${switchRoleUrl(p.accountId, name, p.role.path, `${name} @ ${p.account}`.slice(0, 64))})`).join(' · ')}`,
      '',
    );
    out.push(page.join('\n'));
  }
  return out;
}

/** The access report as Markdown: per group, per environment, hub-and-spoke diagrams, and a page per role. */
export function renderReportMarkdown(synth: SynthesizedOrg, access: AccessReport): string {
  return `${renderReportBlocks(synth, access).join('\n')}\n`;
}

/** The report as JSON: `{ grants, principals }`. */
export function renderReportJson(access: AccessReport): string {
  const denials = access.denials.length > 0 ? { denials: access.denials } : {};
  return `${JSON.stringify({ identityAccountId: access.identityAccountId, grants: access.grants, principals: access.principals, ...denials }, null, 2)}\n`;
}
