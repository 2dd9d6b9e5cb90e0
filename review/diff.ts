import { AccessReport, arnMatches, Denial, describeGitHubSubjects, Grant, PEOPLE_NOUN, PrincipalAccess } from './access';
import { SynthesizedOrg, SynthesizedRole } from './artifact';
import { byArn, duration, grantConditions, principalConditions, principalKey, principalShort } from './report';
import { daysLeftWords, grantClock } from '../org/grant-end';

/** One change of access between two synthesized outputs. */
export interface AccessChange {
  readonly kind:
    | 'grant-added'
    | 'grant-removed'
    | 'grant-changed'
    | 'principal-added'
    | 'principal-removed'
    | 'principal-changed'
    | 'deny-added'
    | 'deny-removed'
    | 'role-added'
    | 'role-removed'
    | 'people-trusted'
    | 'people-untrusted'
    | 'permissions-changed';
  /** Someone can now do more, or with fewer conditions. */
  readonly loosens: boolean;
  /** `developers -> Admin @ prod`, `permission set PlatformAdmins -> Admin @ prod`, `arn:... -> Deployer @ dev`, `GitHub acme/infra -> Deployer @ dev`, `Admin @ dev`. */
  readonly subject: string;
  readonly details: readonly string[];
}

export interface AccessDiff {
  readonly changes: readonly AccessChange[];
  readonly loosened: number;
}

/** Added, changed and removed items of two lists keyed the same way: grants, or named principals. */
function diffKeyed<T>(
  base: readonly T[],
  head: readonly T[],
  how: {
    key: (item: T) => string;
    subject: (item: T) => string;
    describe: (item: T) => string;
    compare: (before: T, after: T) => { loosen: string[]; tighten: string[] };
    kinds: [AccessChange['kind'], AccessChange['kind'], AccessChange['kind']];
  },
): AccessChange[] {
  const [added, changed, removed] = how.kinds;
  const before = new Map(base.map((item) => [how.key(item), item]));
  const after = new Map(head.map((item) => [how.key(item), item]));
  const out: AccessChange[] = [];
  for (const [key, item] of after) {
    const old = before.get(key);
    if (!old) out.push({ kind: added, loosens: true, subject: how.subject(item), details: [how.describe(item)] });
    else {
      const { loosen, tighten } = how.compare(old, item);
      if (loosen.length || tighten.length) out.push({ kind: changed, loosens: loosen.length > 0, subject: how.subject(item), details: [...loosen, ...tighten] });
    }
  }
  for (const [key, item] of before) if (!after.has(key)) out.push({ kind: removed, loosens: false, subject: how.subject(item), details: [] });
  return out;
}

function compareGrant(before: Grant, after: Grant): { loosen: string[]; tighten: string[] } {
  const loosen: string[] = [];
  const tighten: string[] = [];
  if (before.mfa && !after.mfa) loosen.push('MFA no longer required');
  if (!before.mfa && after.mfa) tighten.push('MFA now required');
  if (after.mfa && before.mfa && before.mfaMaxAgeSeconds !== after.mfaMaxAgeSeconds) {
    if (after.mfaMaxAgeSeconds === undefined || (before.mfaMaxAgeSeconds !== undefined && after.mfaMaxAgeSeconds > before.mfaMaxAgeSeconds))
      loosen.push(`MFA age limit ${before.mfaMaxAgeSeconds === undefined ? 'none' : duration(before.mfaMaxAgeSeconds)} -> ${after.mfaMaxAgeSeconds === undefined ? 'none' : duration(after.mfaMaxAgeSeconds)}`);
    else tighten.push(`MFA age limit ${before.mfaMaxAgeSeconds === undefined ? 'none' : duration(before.mfaMaxAgeSeconds)} -> ${duration(after.mfaMaxAgeSeconds)}`);
  }
  if (before.orgId && !after.orgId) loosen.push(`org id ${before.orgId} no longer required`);
  if (!before.orgId && after.orgId) tighten.push(`org id ${after.orgId} now required`);
  if ((before.sourceIps?.length ?? 0) > 0 && (after.sourceIps?.length ?? 0) === 0) loosen.push('source IP limit removed');
  if ((before.regions ?? []).join() !== (after.regions ?? []).join()) {
    // No list is any region; a region added lets an assumption through an endpoint not watched before.
    const wider = after.regions === undefined || (before.regions !== undefined && after.regions.some((r) => !before.regions!.includes(r)));
    (wider ? loosen : tighten).push(`STS regions ${before.regions?.join(', ') ?? 'any'} -> ${after.regions?.join(', ') ?? 'any'}`);
  }
  if (after.maxSessionDuration > before.maxSessionDuration) loosen.push(`session ${duration(before.maxSessionDuration)} -> ${duration(after.maxSessionDuration)}`);
  if (after.maxSessionDuration < before.maxSessionDuration) tighten.push(`session ${duration(before.maxSessionDuration)} -> ${duration(after.maxSessionDuration)}`);
  compareEnd(before.until, after.until, loosen, tighten);
  return { loosen, tighten };
}

/**
 * A grant's end: a later end, or none where there was one, lets people in longer (loosens); an
 * earlier end, or one where there was none, tightens.
 */
function compareEnd(before: string | undefined, after: string | undefined, loosen: string[], tighten: string[]): void {
  if (before === after) return;
  const now = grantClock();
  const words = (u: string | undefined) => (u === undefined ? 'no end' : `${u} (${daysLeftWords(u, now)})`);
  const later = after === undefined || (before !== undefined && after > before);
  (later ? loosen : tighten).push(`ends ${words(before)} -> ${words(after)}`);
}

/** A web identity's subjects in words: GitHub's as branches, tags and environments, others as the patterns. */
const subjectWords = (p: PrincipalAccess) =>
  p.webIdentity?.repository ? describeGitHubSubjects(p.webIdentity.repository, p.webIdentity.subjects) : p.webIdentity?.subjects.length ? `sub ${p.webIdentity.subjects.join(' or ')}` : 'any sub';

/** Values of `after` that no pattern of `before` matched (StringLike): who can get in now that could not before. */
const uncovered = (before: readonly string[], after: readonly string[]) => after.filter((v) => !before.some((b) => arnMatches(b, v)));

function compareWebIdentity(before: PrincipalAccess, after: PrincipalAccess, loosen: string[], tighten: string[]): void {
  const [b, a] = [before.webIdentity!, after.webIdentity!];
  if (b.subjects.join('\n') !== a.subjects.join('\n')) {
    // An empty list is no sub condition at all: everything matches.
    const wider = a.subjects.length === 0 ? b.subjects.length > 0 : b.subjects.length > 0 && uncovered(b.subjects, a.subjects).length > 0;
    (wider ? loosen : tighten).push(`${subjectWords(before)} -> ${subjectWords(after)}`);
  }
  if (b.audiences.join('\n') !== a.audiences.join('\n')) {
    const wider = a.audiences.length === 0 || uncovered(b.audiences, a.audiences).length > 0;
    (wider ? loosen : tighten).push(`audience ${b.audiences.join(' or ') || 'any'} -> ${a.audiences.join(' or ') || 'any'}`);
  }
}

function comparePrincipal(before: PrincipalAccess, after: PrincipalAccess): { loosen: string[]; tighten: string[] } {
  const loosen: string[] = [];
  const tighten: string[] = [];
  if (before.webIdentity && after.webIdentity) compareWebIdentity(before, after, loosen, tighten);
  if (before.externalId && !after.externalId) loosen.push('external id no longer required');
  else if (before.externalId !== after.externalId && after.externalId) (before.externalId ? loosen : tighten).push(`external id ${before.externalId ?? 'none'} -> ${after.externalId}`);
  if (before.orgId && !after.orgId) loosen.push(`org id ${before.orgId} no longer required`);
  if (!before.wholeAccount && after.wholeAccount) loosen.push('whole account trusted');
  if ((before.sourceIps?.length ?? 0) > 0 && (after.sourceIps?.length ?? 0) === 0) loosen.push('source IP limit removed');
  if (after.maxSessionDuration > before.maxSessionDuration) loosen.push(`session ${duration(before.maxSessionDuration)} -> ${duration(after.maxSessionDuration)}`);
  compareEnd(before.until, after.until, loosen, tighten);
  return { loosen, tighten };
}

/** People as a diff subject names them: a group by its name alone (as always), others with their kind. */
const people = (g: Grant | Denial) => (g.kind === 'iam-group' ? g.group : `${PEOPLE_NOUN[g.kind]} ${g.group}`);
/** A principal as a diff subject names it: its ARN, or the federated principal in a few words. */
const principalSubject = (p: PrincipalAccess) => (byArn(p) ? p.principal : principalShort(p));

function rolesOf(org: SynthesizedOrg): Map<string, SynthesizedRole> {
  return new Map(org.accounts.flatMap((a) => a.roles.map((r) => [`${r.name} @ ${a.stack}`, r] as const)));
}

/** What changes in who can get where, and in what the roles may do, from `base` to `head`. */
export function diffAccess(base: { synth: SynthesizedOrg; access: AccessReport }, head: { synth: SynthesizedOrg; access: AccessReport }): AccessDiff {
  const changes: AccessChange[] = [
    ...diffKeyed(base.access.grants, head.access.grants, {
      key: (g) => `${g.kind}|${g.group}|${g.account}|${g.role}`,
      subject: (g) => `${people(g)} -> ${g.role} @ ${g.account}`,
      describe: grantConditions,
      compare: compareGrant,
      kinds: ['grant-added', 'grant-changed', 'grant-removed'],
    }),
    ...diffKeyed(base.access.principals, head.access.principals, {
      key: (p) => `${p.kind}|${principalKey(p)}|${p.account}|${p.role}`,
      subject: (p) => `${principalSubject(p)} -> ${p.role} @ ${p.account}`,
      describe: (p) => (byArn(p) ? principalConditions(p) : `${p.description}: ${principalConditions(p)}`),
      compare: comparePrincipal,
      kinds: ['principal-added', 'principal-changed', 'principal-removed'],
    }),
  ];
  // A deny removed lets people in that the role's other grants (now or later) allow: it loosens.
  const denialKey = (d: Denial) => `${d.kind}|${d.group}|${d.account}|${d.role}`;
  const baseDenials = new Map((base.access.denials ?? []).map((d) => [denialKey(d), d]));
  const headDenials = new Map((head.access.denials ?? []).map((d) => [denialKey(d), d]));
  const denySubject = (d: Denial) => `${people(d)} -> ${d.role} @ ${d.account}`;
  for (const [key, d] of headDenials) if (!baseDenials.has(key)) changes.push({ kind: 'deny-added', loosens: false, subject: denySubject(d), details: [`${d.description} may never assume it`] });
  for (const [key, d] of baseDenials) if (!headDenials.has(key)) changes.push({ kind: 'deny-removed', loosens: true, subject: denySubject(d), details: [`${d.description} is no longer denied`] });

  const baseRoles = rolesOf(base.synth);
  const headRoles = rolesOf(head.synth);
  // The identity account's IAM users let in by a role's trust (or no longer), for roles on both
  // sides (a role added or removed says so itself): who else in the hub could assume it changes.
  const peopleKey = (t: { role: string; account: string }) => `${t.role} @ ${t.account}`;
  const trustedBefore = new Set((base.access.peopleTrusts ?? []).map(peopleKey));
  const trustedAfter = new Set((head.access.peopleTrusts ?? []).map(peopleKey));
  for (const subject of trustedAfter) {
    if (!trustedBefore.has(subject) && baseRoles.has(subject)) changes.push({ kind: 'people-trusted', loosens: true, subject, details: ["the trust now lets in the identity account's IAM users whose own policy allows it"] });
  }
  for (const subject of trustedBefore) {
    if (!trustedAfter.has(subject) && headRoles.has(subject)) changes.push({ kind: 'people-untrusted', loosens: false, subject, details: ["the trust no longer lets in the identity account's IAM users (no group grants it here)"] });
  }
  for (const [subject, r] of headRoles) {
    const before = baseRoles.get(subject);
    if (!before) {
      changes.push({ kind: 'role-added', loosens: true, subject, details: r.managedPolicyArns.length || r.inlinePolicies.length ? [[...r.managedPolicyArns, ...r.inlinePolicies.map((p) => `inline ${p.name}`)].join(', ')] : [] });
      continue;
    }
    const added = r.managedPolicyArns.filter((a) => !before.managedPolicyArns.includes(a));
    const removed = before.managedPolicyArns.filter((a) => !r.managedPolicyArns.includes(a));
    const inlineChanged = r.inlinePolicies.filter((p) => JSON.stringify(before.inlinePolicies.find((b) => b.name === p.name)?.document) !== JSON.stringify(p.document)).map((p) => p.name);
    const inlineRemoved = before.inlinePolicies.filter((b) => !r.inlinePolicies.some((p) => p.name === b.name)).map((p) => p.name);
    const boundary = before.permissionsBoundary !== r.permissionsBoundary;
    // A customer policy attached before and after whose document changed (its ARN alone stays the same).
    const documentChanged = Object.entries(r.customerPolicies ?? {})
      .filter(([arn, doc]) => before.customerPolicies?.[arn] !== undefined && JSON.stringify(before.customerPolicies[arn]) !== JSON.stringify(doc))
      .map(([arn]) => arn);
    const details = [
      ...added.map((a) => `+ ${a}`),
      ...removed.map((a) => `- ${a}`),
      ...inlineChanged.map((n) => `inline ${n} ${before.inlinePolicies.some((b) => b.name === n) ? 'changed' : 'added'}`),
      ...inlineRemoved.map((n) => `inline ${n} removed`),
      ...documentChanged.map((a) => `policy ${a} changed`),
      ...(boundary ? [`permissions boundary ${before.permissionsBoundary ?? 'none'} -> ${r.permissionsBoundary ?? 'none'}`] : []),
    ];
    // A boundary removed or replaced may allow more; one added only caps.
    const boundaryLoosens = boundary && before.permissionsBoundary !== undefined;
    if (details.length > 0) changes.push({ kind: 'permissions-changed', loosens: added.length > 0 || inlineChanged.length > 0 || documentChanged.length > 0 || boundaryLoosens, subject, details });
  }
  for (const subject of baseRoles.keys()) if (!headRoles.has(subject)) changes.push({ kind: 'role-removed', loosens: false, subject, details: [] });
  return { changes, loosened: changes.filter((c) => c.loosens).length };
}

const TITLES: Record<AccessChange['kind'], string> = {
  'grant-added': 'access granted',
  'grant-removed': 'access removed',
  'grant-changed': 'conditions changed',
  'principal-added': 'principal trusted',
  'principal-removed': 'principal no longer trusted',
  'principal-changed': 'principal conditions changed',
  'deny-added': 'deny added',
  'deny-removed': 'deny removed',
  'role-added': 'role added',
  'role-removed': 'role removed (will be destroyed)',
  'people-trusted': "identity account's IAM users trusted",
  'people-untrusted': "identity account's IAM users no longer trusted",
  'permissions-changed': 'permissions changed',
};

/** The head of the diff table. */
export const DIFF_TABLE_HEADER = ['| | change | who -> what | details |', '| --- | --- | --- | --- |'] as const;

/** One change as a row of the diff table; loosening is marked. */
export const diffRow = (c: AccessChange) => `| ${c.loosens ? '⚠️ **LOOSENED**' : '✅'} | ${TITLES[c.kind]} | \`${c.subject}\` | ${c.details.join('; ')} |`;

/** The diff as Markdown; loosening is marked on every line it touches. */
export function renderDiffMarkdown(diff: AccessDiff): string {
  if (diff.changes.length === 0) return '## Access changes\n\nNo change in who can assume what.\n';
  const rows = [...diff.changes].sort((a, b) => Number(b.loosens) - Number(a.loosens));
  const out = [
    '## Access changes',
    '',
    diff.loosened > 0 ? `> [!WARNING]\n> **${diff.loosened} change${diff.loosened === 1 ? '' : 's'} LOOSEN access.** Review each line marked ⚠️ LOOSENED.` : 'No change loosens access.',
    '',
    ...DIFF_TABLE_HEADER,
    ...rows.map(diffRow),
  ];
  return `${out.join('\n')}\n`;
}
