import { switchRoleUrl } from '../policy/arn';
import { AccessReport, Grant, PEOPLE_NOUN, PeopleKind, PrincipalAccess } from './access';
import { SynthesizedOrg, SynthesizedRole } from './artifact';
import { daysLeftWords, grantClock } from '../org/grant-end';

/** `1 h`, `4 h`, `15 min` */
export function duration(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${Math.round(seconds / 60)} min`;
}

/** AWS caps a session assumed from a role session (role chaining) at 1 hour, whatever the role allows. */
const CHAINED_MAX_SESSION = 3600;

/** `session ≤ 4 h`, or `session ≤ 1 h (role chaining)` for people who arrive in a role session. */
function sessionLimit(maxSessionDuration: number, chained: boolean): string {
  return chained && maxSessionDuration > CHAINED_MAX_SESSION ? `session ≤ ${duration(CHAINED_MAX_SESSION)} (role chaining)` : `session ≤ ${duration(maxSessionDuration)}`;
}

/**
 * Where the MFA of a grant is checked. IAM users: by AWS, in the trust and the group policy.
 * Permission sets and SAML roles: AWS sets no MFA key for federated people; their MFA is the
 * identity provider's sign-in, which this report cannot see.
 */
function mfaWords(g: Grant): string {
  if (g.kind === 'permission-set') return 'MFA left to IAM Identity Center';
  if (g.kind === 'saml-role') return 'MFA left to the identity provider';
  return g.mfa ? (g.mfaMaxAgeSeconds ? `MFA (signed in < ${duration(g.mfaMaxAgeSeconds)} ago)` : 'MFA') : '**no MFA**';
}

/** The conditions of a grant, in words a reviewer reads at a glance. */
export function grantConditions(g: Grant): string {
  const parts = [mfaWords(g)];
  if (g.orgId) parts.push(`org ${g.orgId}`);
  if (g.sourceIps?.length) parts.push(`from ${g.sourceIps.join(', ')}`);
  if (g.regions?.length) parts.push(`through STS in ${g.regions.join(', ')}`);
  if (g.orgPaths?.length) parts.push(`by organizational unit (${g.orgPaths.map(code).join(' or ')})`);
  parts.push(sessionLimit(g.maxSessionDuration, g.kind !== 'iam-group'));
  if (g.until) parts.push(endWords(g.until));
  return parts.join(', ');
}

/** `**until 2027-03-31T23:59:59Z** (12 days left)`: the end of a grant, bold so no reviewer misses it. */
export function endWords(until: string, now: Date = grantClock()): string {
  return `**until ${until}** (${daysLeftWords(until, now)})`;
}

/** A web identity's token conditions: `audience sts.amazonaws.com, sub \`repo:acme/infra:ref:refs/heads/main\``. */
function webIdentityConditions(p: PrincipalAccess): string[] {
  const w = p.webIdentity!;
  return [
    w.audiences.length ? `audience ${w.audiences.join(' or ')}` : '**any audience**',
    w.subjects.length ? `sub ${w.subjects.map(code).join(' or ')}` : '**any sub**',
  ];
}

export function principalConditions(p: PrincipalAccess): string {
  const parts = p.webIdentity ? webIdentityConditions(p) : p.kind === 'saml-provider' ? [] : [p.externalId ? `external id \`${p.externalId}\`` : 'no external id'];
  if (p.orgId) parts.push(`org ${p.orgId}`);
  if (p.sourceIps?.length) parts.push(`from ${p.sourceIps.join(', ')}`);
  if (p.wholeAccount) parts.push('**whole account**');
  parts.push(`session ≤ ${duration(p.maxSessionDuration)}`);
  if (p.until) parts.push(endWords(p.until));
  return parts.join(', ');
}

/** Named by ARN (roles, users, accounts), as opposed to federated principals (web identities, SAML providers). */
export const byArn = (p: PrincipalAccess) => p.kind === 'role' || p.kind === 'user' || p.kind === 'account';

/** A principal as a report names it: its ARN in code, or the federated principal in words. */
export const principalName = (p: PrincipalAccess) => (byArn(p) ? code(p.principal) : p.description);

/** A principal in a few words, for a diagram node or a matrix cell: `role/ci/Runner`, `GitHub acme/infra`, `OIDC gitlab.example.com`. */
export function principalShort(p: PrincipalAccess): string {
  if (p.kind === 'github-actions') return `GitHub ${p.webIdentity?.repository ?? p.webIdentity?.issuer ?? ''}`.trim();
  if (p.kind === 'oidc') return `OIDC ${p.webIdentity?.issuer ?? p.principal}`;
  if (p.kind === 'saml-provider') return `SAML ${p.principal.split('/').pop()}`;
  return p.principal.split(':').slice(4).join(':');
}

/** A stable identity of a principal entry: the ARN, plus the repository for GitHub Actions. */
export const principalKey = (p: PrincipalAccess) => (p.kind === 'github-actions' && p.webIdentity?.repository ? `${p.principal}|${p.webIdentity.repository}` : p.principal);

/** People as a report names them: `group \`platform\``, `permission set \`PlatformAdmins\``, `SAML role \`OktaEngineers\``. */
export const peopleName = (x: { kind: PeopleKind; group: string }) => `${PEOPLE_NOUN[x.kind]} ${code(x.group)}`;

/** A matrix cell's name of people: a group by its name alone, others with their kind. */
const peopleShort = (x: { kind: PeopleKind; group: string }) => (x.kind === 'iam-group' ? x.group : `${PEOPLE_NOUN[x.kind]} ${x.group}`);

const PEOPLE_PREFIX: Record<PeopleKind, string> = { 'iam-group': 'g', 'permission-set': 'ps', 'saml-role': 'saml' };
/** The people of an org: every group of the identity stack, then permission sets and SAML roles, each once. */
export function peopleOf(synth: SynthesizedOrg, access: AccessReport): { kind: PeopleKind; group: string; description: string }[] {
  const out = new Map<string, { kind: PeopleKind; group: string; description: string }>();
  const add = (kind: PeopleKind, group: string, description: string) => {
    if (!out.has(`${kind}|${group}`)) out.set(`${kind}|${group}`, { kind, group, description });
  };
  for (const g of synth.identity?.groups ?? []) add('iam-group', g.name, '');
  const federated = [...access.grants, ...access.denials].filter((g) => g.kind !== 'iam-group');
  for (const p of synth.identity?.permissionSets ?? []) add('permission-set', p.name, '');
  for (const r of synth.identity?.samlRoles ?? []) add('saml-role', r.name, '');
  for (const g of federated) add(g.kind, g.group, g.description);
  const described = new Map([...access.grants, ...access.denials].map((g) => [`${g.kind}|${g.group}`, g.description]));
  const samlDescription = new Map((synth.identity?.samlRoles ?? []).map((r) => [r.name, `SAML role ${r.name} (${r.providerArn.split('/').pop()})`]));
  const order: PeopleKind[] = ['iam-group', 'permission-set', 'saml-role'];
  return [...out.values()]
    .map((p) => ({ ...p, description: described.get(`${p.kind}|${p.group}`) ?? (p.kind === 'saml-role' ? samlDescription.get(p.group) : undefined) ?? p.description }))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
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

/** Every account and role people reach, flat: identity, groups (a name alone is a group), permission sets and SAML roles, accounts. */
export function flatDiagram(synth: SynthesizedOrg, access: AccessReport, assumers: readonly (string | { kind: PeopleKind; group: string })[]): Diagram {
  const people = assumers.map((p) => (typeof p === 'string' ? { kind: 'iam-group' as const, group: p } : p));
  const out = ['graph LR', `  identity["identity ${access.identityAccountId ?? ''}"]`];
  let edges = 0;
  const peopleId = (p: { kind: PeopleKind; group: string }) => mermaidId(PEOPLE_PREFIX[p.kind], p.group);
  for (const p of people) {
    out.push(`  ${peopleId(p)}(["${label(peopleShort(p))}"])`, `  identity --- ${peopleId(p)}`);
    edges++;
  }
  for (const a of synth.accounts) out.push(`  ${mermaidId('a', a.stack)}["${label(a.stack)} ${a.accountId}"]`);
  const byPair = new Map<string, string[]>();
  for (const g of access.grants) {
    const key = `${peopleId(g)}|${mermaidId('a', g.account)}`;
    byPair.set(key, [...(byPair.get(key) ?? []), g.role]);
  }
  for (const [key, roles] of byPair) {
    const [from, to] = key.split('|');
    out.push(`  ${from} -->|${roles.join(', ')}| ${to}`);
    edges++;
  }
  for (const p of access.principals) {
    out.push(`  ${mermaidId('p', principalKey(p))}{{"${label(principalShort(p))}"}} -.->|${p.role}| ${mermaidId('a', p.account)}`);
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
  const people = peopleOf(synth, access);
  if (synth.accounts.length <= FLAT_MAX_ACCOUNTS) {
    const flat = flatDiagram(synth, access, people);
    if (flat.edges <= FLAT_MAX_EDGES && flat.source.length <= MERMAID_MAX_TEXT) return [flat];
  }
  const env = (stack: string) => synth.accounts.find((a) => a.stack === stack)?.environment ?? 'unspecified';
  const envOf = new Map(synth.accounts.map((a) => [a.stack, a.environment ?? 'unspecified']));
  const totals = new Map<string, number>();
  for (const e of envOf.values()) totals.set(e, (totals.get(e) ?? 0) + 1);
  const diagrams: Diagram[] = [];
  for (const { kind, group } of people) {
    const links = access.grants.filter((g) => g.kind === kind && g.group === group).map((g) => ({ target: envOf.get(g.account) ?? env(g.account), role: g.role, account: g.account }));
    if (links.length === 0) continue;
    const noun = PEOPLE_NOUN[kind];
    diagrams.push(aggregated(`${noun[0].toUpperCase()}${noun.slice(1)} ${group}`, { id: 'g', node: `(["${noun} ${label(group)}"])` }, links, totals));
  }
  if (access.principals.length > 0) {
    const links = access.principals.map((p) => ({ target: principalShort(p), role: p.role, account: p.account }));
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
  const people = peopleOf(synth, access);
  const count = (kind: PeopleKind) => people.filter((p) => p.kind === kind).length;
  const federated = count('permission-set') + count('saml-role') > 0;
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  out.push(
    `Identity account ${code(access.identityAccountId ?? 'unknown')}: ${count('iam-group')} groups, ` +
      (federated ? `${plural(count('permission-set'), 'permission set')}, ${plural(count('saml-role'), 'SAML role')}, ` : '') +
      `${synth.accounts.length} member accounts, ` +
      `${access.grants.length} ${federated ? 'people' : 'group'} grants, ${access.principals.length} named principal trusts.`,
    '',
  );

  out.push('## Who can assume what', '');
  const grantsOf = new Map<string, Grant[]>();
  for (const g of access.grants) {
    const key = `${g.kind}|${g.group}`;
    const list = grantsOf.get(key);
    if (list) list.push(g);
    else grantsOf.set(key, [g]);
  }
  for (const p of people) {
    const mine = grantsOf.get(`${p.kind}|${p.group}`) ?? [];
    out.push(`### ${peopleHeading(p)}`, '');
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
    for (const p of access.principals) out.push(`| ${principalName(p)} | ${p.account} | ${code(p.role)} | ${principalConditions(p)} |`);
    out.push('');
  }

  out.push('## Account x role matrix', '');
  const who = new Map<string, string[]>();
  for (const g of access.grants) who.set(`${g.account}|${g.role}`, [...(who.get(`${g.account}|${g.role}`) ?? []), peopleShort(g)]);
  for (const p of access.principals) who.set(`${p.account}|${p.role}`, [...(who.get(`${p.account}|${p.role}`) ?? []), byArn(p) ? p.principal.split(':').pop()! : principalShort(p)]);
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
  for (const a of synth.accounts) {
    for (const r of a.roles) {
      const placement = { account: a.stack, accountId: a.accountId, role: r };
      const list = byName.get(r.name);
      if (list) list.push(placement);
      else byName.set(r.name, [placement]);
    }
  }
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
    for (const key of [...new Set(whoGrants.map((g) => `${g.kind}|${g.group}`))]) {
      const mine = whoGrants.filter((g) => `${g.kind}|${g.group}` === key);
      page.push(`  - ${peopleName(mine[0])} in ${mine.map((g) => g.account).join(', ')}: ${grantConditions(mine[0])}`);
    }
    for (const p of named) page.push(`  - ${principalName(p)} in ${p.account}: ${principalConditions(p)}`);
    if (whoGrants.length === 0 && named.length === 0) page.push('  - nobody');
    const deniedTo = uniqueBy(access.denials.filter((d) => d.role === name), (d) => `${d.kind}|${d.group}`);
    if (deniedTo.length > 0) page.push(`- Never assumable by (deny): ${deniedTo.map(peopleName).join(', ')}`);
    const example = placements[0];
    page.push(
      '- How:',
      `  - CLI: ${code(`aws sts assume-role --role-arn ${example.role.arn} --role-session-name $USER${whoGrants[0]?.mfa ? ' --serial-number <your MFA ARN> --token-code <code>' : ''}${named[0]?.externalId ? ` --external-id ${named[0].externalId}` : ''}`)}`,
      `  - Console: ${placements.map((p) => `[${p.account}](${switchRoleUrl(p.accountId, name, p.role.path, `${name} @ ${p.account}`.slice(0, 64))})`).join(' · ')}`,
      ...(named.some((p) => p.kind === 'github-actions')
        ? [`  - GitHub Actions: ${code(`aws-actions/configure-aws-credentials`)} with ${code(`role-to-assume: ${named.find((p) => p.kind === 'github-actions')!.roleArn}`)} (the job needs ${code('permissions: id-token: write')})`]
        : []),
      '',
    );
    out.push(page.join('\n'));
  }
  return out;
}

/** `### Group \`platform\``, `### Permission set \`PlatformAdmins\` (IAM Identity Center)`, `### SAML role \`OktaEngineers\` (Okta)`. */
function peopleHeading(p: { kind: PeopleKind; group: string; description: string }): string {
  if (p.kind === 'permission-set') return `Permission set ${code(p.group)} (IAM Identity Center)`;
  if (p.kind === 'saml-role') return `SAML role ${code(p.group)}${/\(([^)]+)\)$/.exec(p.description)?.[0].replace(/^/, ' ') ?? ''}`;
  return `Group ${code(p.group)}`;
}

const uniqueBy = <T>(items: readonly T[], key: (item: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

/** The access report as Markdown: per group, per environment, hub-and-spoke diagrams, and a page per role. */
export function renderReportMarkdown(synth: SynthesizedOrg, access: AccessReport): string {
  return `${renderReportBlocks(synth, access).join('\n')}\n`;
}

/** The report as JSON: `{ grants, principals }`. */
export function renderReportJson(access: AccessReport): string {
  const denials = access.denials.length > 0 ? { denials: access.denials } : {};
  return `${JSON.stringify({ identityAccountId: access.identityAccountId, grants: access.grants, principals: access.principals, ...denials }, null, 2)}\n`;
}
