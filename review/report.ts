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

/** The access report as Markdown: per group, per environment, a hub-and-spoke diagram, and a page per role. */
export function renderReportMarkdown(synth: SynthesizedOrg, access: AccessReport): string {
  const out: string[] = ['# Cross-account access', ''];
  const groups = [...new Set([...(synth.identity?.groups.map((g) => g.name) ?? [])])];
  out.push(
    `Identity account ${code(access.identityAccountId ?? 'unknown')}: ${groups.length} groups, ${synth.accounts.length} member accounts, ` +
      `${access.grants.length} group grants, ${access.principals.length} named principal trusts.`,
    '',
  );

  out.push('## Who can assume what', '');
  for (const group of groups) {
    const mine = access.grants.filter((g) => g.group === group);
    out.push(`### Group ${code(group)}`, '');
    if (mine.length === 0) {
      out.push('No access to any member account.', '');
      continue;
    }
    out.push('| account | role | conditions |', '| --- | --- | --- |');
    for (const g of mine) out.push(`| ${g.account} (${g.accountId}) | ${code(g.role)} | ${grantConditions(g)} |`);
    out.push('');
  }
  if (access.principals.length > 0) {
    out.push('### Named principals (automation and third parties)', '', '| principal | account | role | conditions |', '| --- | --- | --- | --- |');
    for (const p of access.principals) out.push(`| ${code(p.principal)} | ${p.account} | ${code(p.role)} | ${principalConditions(p)} |`);
    out.push('');
  }

  out.push('## Account x role matrix', '');
  const environments = [...new Set(synth.accounts.map((a) => a.environment ?? 'unspecified'))];
  for (const env of environments) {
    const accounts = synth.accounts.filter((a) => (a.environment ?? 'unspecified') === env);
    const roles = [...new Set(accounts.flatMap((a) => a.roles.map((r) => r.name)))].sort();
    out.push(`### Environment ${code(env)}`, '', `| account | ${roles.map(code).join(' | ')} |`, `| --- | ${roles.map(() => '---').join(' | ')} |`);
    for (const a of accounts) {
      const cells = roles.map((r) => {
        if (!a.roles.some((x) => x.name === r)) return '';
        const who = [...access.grants.filter((g) => g.account === a.stack && g.role === r).map((g) => g.group), ...access.principals.filter((p) => p.account === a.stack && p.role === r).map((p) => p.principal.split(':').pop()!)];
        return who.length ? who.join(', ') : '(nobody)';
      });
      out.push(`| ${a.stack} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }

  out.push('## Hub and spokes', '', '```mermaid', 'graph LR');
  out.push(`  identity["identity ${access.identityAccountId ?? ''}"]`);
  for (const group of groups) out.push(`  ${mermaidId('g', group)}(["${group}"])`, `  identity --- ${mermaidId('g', group)}`);
  for (const a of synth.accounts) out.push(`  ${mermaidId('a', a.stack)}["${a.stack} ${a.accountId}"]`);
  const edges = new Map<string, string[]>();
  for (const g of access.grants) {
    const key = `${mermaidId('g', g.group)}|${mermaidId('a', g.account)}`;
    edges.set(key, [...(edges.get(key) ?? []), g.role]);
  }
  for (const [key, roles] of edges) {
    const [from, to] = key.split('|');
    out.push(`  ${from} -->|${roles.join(', ')}| ${to}`);
  }
  for (const p of access.principals) out.push(`  ${mermaidId('p', p.principal)}{{"${p.principal.split(':').slice(4).join(':')}"}} -.->|${p.role}| ${mermaidId('a', p.account)}`);
  out.push('```', '');

  out.push('## Roles', '');
  const byName = new Map<string, { account: string; accountId: string; role: SynthesizedRole }[]>();
  for (const a of synth.accounts) for (const r of a.roles) byName.set(r.name, [...(byName.get(r.name) ?? []), { account: a.stack, accountId: a.accountId, role: r }]);
  for (const [name, placements] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const first = placements[0].role;
    out.push(`### Role ${code(name)}`, '');
    if (first.description) out.push(first.description, '');
    out.push(`- Accounts: ${placements.map((p) => `${p.account} (${p.accountId})`).join(', ')}`);
    out.push(`- Permissions: ${[...first.managedPolicyArns.map(code), ...first.inlinePolicies.map((p) => `inline ${code(p.name)}`)].join(', ') || 'none'}`);
    if (first.permissionsBoundary) out.push(`- Permissions boundary: ${code(first.permissionsBoundary)}`);
    out.push(`- Session: at most ${duration(first.maxSessionDuration)} (role chaining: 1 h)`);
    const who = access.grants.filter((g) => g.role === name);
    const named = access.principals.filter((p) => p.role === name);
    out.push('- Who can assume it:');
    for (const group of [...new Set(who.map((g) => g.group))]) {
      const mine = who.filter((g) => g.group === group);
      out.push(`  - group ${code(group)} in ${mine.map((g) => g.account).join(', ')}: ${grantConditions(mine[0])}`);
    }
    for (const p of named) out.push(`  - ${code(p.principal)} in ${p.account}: ${principalConditions(p)}`);
    if (who.length === 0 && named.length === 0) out.push('  - nobody');
    const example = placements[0];
    out.push(
      '- How:',
      `  - CLI: ${code(`aws sts assume-role --role-arn ${example.role.arn} --role-session-name $USER${who[0]?.mfa ? ' --serial-number <your MFA ARN> --token-code <code>' : ''}${named[0]?.externalId ? ` --external-id ${named[0].externalId}` : ''}`)}`,
      `  - Console: ${placements.map((p) => `[${p.account}](${switchRoleUrl(p.accountId, name, p.role.path, `${name} @ ${p.account}`.slice(0, 64))})`).join(' · ')}`,
      '',
    );
  }
  return `${out.join('\n')}\n`;
}

/** The report as JSON: `{ grants, principals }`. */
export function renderReportJson(access: AccessReport): string {
  return `${JSON.stringify({ identityAccountId: access.identityAccountId, grants: access.grants, principals: access.principals }, null, 2)}\n`;
}
