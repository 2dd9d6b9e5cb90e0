/**
 * The proof of an import: the access read live and the access of the org file, pair by pair.
 *
 * Both sides are put in the one shape the review tools read (`SynthesizedOrg`): the live side from
 * IAM as read (import/live.ts), the file side from the org file synthesized as it will be deployed.
 * `analyzeAccess` (review/access.ts) then reads who can assume what from each, and every pair
 * (people, named principals and web identities, denials, trusts that let the identity account in)
 * must be found on both sides with the same conditions, and every imported role must carry the same
 * permissions. This lives in bin/ because it composes import/ (the live reading) with review/ (the
 * access reader) and stacks/ (the synth): the layer rules let only bin/ see all three.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveDocument, LiveEstate, LiveRole } from '../import/live';
import { ConditionKey } from '../policy/condition';
import { canonical } from '../import/map';
import { OrgModel } from '../org/model';
import { AccessReport, analyzeAccess } from '../review/access';
import { readSynthesizedOrg, SynthesizedOrg, SynthesizedRole } from '../review/artifact';
import { synthesizeAtomically } from '../stacks/synth';

/** What the proof compares: roles by account id and name, groups by name. */
export interface ProofScope {
  readonly roles: readonly { readonly accountId: string; readonly name: string }[];
  readonly groups: readonly string[];
}

/** STS actions and condition keys in the case the review reader compares (IAM compares them case-insensitively). */
const CANONICAL = new Map(
  ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:*', ...Object.values(ConditionKey)].map((v) => [v.toLowerCase(), v]),
);
const canonicalCase = (v: string) => CANONICAL.get(v.toLowerCase()) ?? v;

/**
 * A live document as IAM evaluates it, in the spelling the review reader compares: actions and
 * condition keys in their documented case, condition values as strings (`true` and `"true"` are one
 * to IAM), a bare account id principal as its root ARN (IAM stores it so).
 */
export function normalizeDocument(doc: LiveDocument): LiveDocument {
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).map((s) => {
    const out: Record<string, unknown> = { ...s };
    const actions = (v: unknown) => (Array.isArray(v) ? v.map((a) => canonicalCase(String(a))) : typeof v === 'string' ? canonicalCase(v) : v);
    if (s.Action !== undefined) out.Action = actions(s.Action);
    if (s.NotAction !== undefined) out.NotAction = actions(s.NotAction);
    if (s.Principal && typeof s.Principal === 'object' && (s.Principal as Record<string, unknown>).AWS !== undefined) {
      const root = (p: unknown) => (/^\d{12}$/.test(String(p)) ? `arn:aws:iam::${String(p)}:root` : String(p));
      const aws = (s.Principal as Record<string, unknown>).AWS;
      out.Principal = { ...(s.Principal as object), AWS: Array.isArray(aws) ? aws.map(root) : root(aws) };
    }
    if (s.Condition && typeof s.Condition === 'object') {
      out.Condition = Object.fromEntries(
        Object.entries(s.Condition as Record<string, Record<string, unknown>>).map(([op, keys]) => [
          op,
          Object.fromEntries(Object.entries(keys).map(([k, v]) => [canonicalCase(k), Array.isArray(v) ? v.map(String) : String(v)])),
        ]),
      );
    }
    return out;
  });
  return { ...doc, Statement: statements };
}

/** The live estate as the review tools read a synthesized org, only what `scope` names. */
export function liveAsSynthesized(live: LiveEstate, scope: ProofScope): SynthesizedOrg {
  const roles = new Set(scope.roles.map((r) => `${r.accountId}|${r.name}`));
  const groups = new Set(scope.groups);
  return {
    identity: {
      accountId: live.identity.accountId,
      groups: live.identity.groups
        .filter((g) => groups.has(g.name))
        .map((g) => ({ name: g.name, path: g.path, policies: [...g.attachedPolicies.map((p) => ({ name: p.name, document: normalizeDocument(p.document ?? { Statement: [] }) })), ...g.inlinePolicies.map((p) => ({ name: p.name, document: normalizeDocument(p.document) }))] })),
    },
    accounts: live.accounts.map((a) => ({
      stack: a.key,
      accountId: a.accountId,
      roles: a.roles.filter((r) => roles.has(`${a.accountId}|${r.name}`)).map((r) => liveRole(r, a.customerPolicies)),
    })),
  };
}

function liveRole(r: LiveRole, customer: LiveEstate['accounts'][number]['customerPolicies']): SynthesizedRole {
  const used = [...r.attachedPolicies.map((p) => p.arn), ...(r.permissionsBoundary ? [r.permissionsBoundary] : [])].filter((arn) => customer[arn]);
  return {
    name: r.name,
    path: r.path,
    arn: r.arn,
    description: r.description,
    trustPolicy: normalizeDocument(r.trustPolicy),
    managedPolicyArns: r.attachedPolicies.map((p) => p.arn),
    ...(used.length ? { customerPolicies: Object.fromEntries(used.map((arn) => [arn, customer[arn].document])) } : {}),
    inlinePolicies: r.inlinePolicies,
    permissionsBoundary: r.permissionsBoundary,
    maxSessionDuration: r.maxSessionDuration,
    tags: r.tags,
  };
}

/** A synthesized org and the default tags of each account's stack (its provider's `default_tags`), by account id. */
export interface SynthesizedFile {
  readonly synth: SynthesizedOrg;
  readonly defaultTags: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** Synthesizes `model` into a temporary folder and reads it back; the folder is removed. */
export async function synthesizedOf(model: OrgModel): Promise<SynthesizedFile> {
  const dir = mkdtempSync(join(tmpdir(), 'cai-import-proof-'));
  try {
    const out = join(dir, 'cdktf.out');
    await synthesizeAtomically(model, out);
    const synth = readSynthesizedOrg(out);
    const defaultTags = new Map<string, Record<string, string>>();
    for (const account of synth.accounts) {
      const json = JSON.parse(readFileSync(join(out, 'stacks', account.stack, 'cdk.tf.json'), 'utf8')) as { provider?: { aws?: { default_tags?: { tags?: Record<string, string> }[] }[] } };
      defaultTags.set(account.accountId, json.provider?.aws?.[0]?.default_tags?.[0]?.tags ?? {});
    }
    return { synth, defaultTags };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The file's roles with the tags they will carry: the stack's default tags, then their own. A
 * default tag the live role does not have yet is an addition this project always makes (harmless,
 * documented), not a difference; one it has with another value is.
 */
function withDefaultTags(file: SynthesizedFile, live: SynthesizedOrg): SynthesizedOrg {
  const liveTags = new Map(live.accounts.flatMap((a) => a.roles.map((r) => [r.arn, r.tags] as const)));
  return {
    ...file.synth,
    accounts: file.synth.accounts.map((a) => ({
      ...a,
      roles: a.roles.map((r) => {
        const defaults = Object.entries(file.defaultTags.get(a.accountId) ?? {}).filter(([k]) => liveTags.get(r.arn)?.[k] !== undefined);
        return { ...r, tags: { ...Object.fromEntries(defaults), ...r.tags } };
      }),
    })),
  };
}

const sorted = (v: readonly string[] | undefined) => (v && v.length ? [...v].sort().join(',') : '-');

/** Every access pair of a report as one line each: who, where, which role, under which conditions. */
export function accessLines(access: AccessReport): string[] {
  const lines: string[] = [];
  for (const g of access.grants) {
    lines.push(`${g.kind} ${g.group} may assume ${g.roleArn} (mfa ${g.mfa}${g.mfaMaxAgeSeconds !== undefined ? `, mfa age < ${g.mfaMaxAgeSeconds}` : ''}, org ${g.orgId ?? '-'}, source ips ${sorted(g.sourceIps)}, external id ${g.externalId ?? '-'}, session ${g.maxSessionDuration} s${g.until ? `, until ${g.until}` : ''})`);
  }
  for (const p of access.principals) {
    const web = p.webIdentity ? `, ${p.webIdentity.issuer} aud ${sorted(p.webIdentity.audiences)} sub ${sorted(p.webIdentity.subjects)}` : '';
    // A principal named by ARN is that principal whether the trust names it directly or as its account's root narrowed by aws:PrincipalArn.
    const wholeAccount = /:root$|^\d{12}$/.test(p.principal);
    lines.push(`${p.kind === 'github-actions' ? 'oidc' : p.kind} ${p.principal} may assume ${p.roleArn} (${wholeAccount ? 'whole account, ' : ''}external id ${p.externalId ?? '-'}, org ${p.orgId ?? '-'}, source ips ${sorted(p.sourceIps)}${web}, session ${p.maxSessionDuration} s)`);
  }
  for (const d of access.denials) lines.push(`${d.kind} ${d.group} may never assume ${d.roleArn}`);
  for (const t of access.peopleTrusts ?? []) lines.push(`the trust of ${t.roleArn} lets in the identity account's users (through their own policies)`);
  return [...new Set(lines)].sort();
}

/** The permissions of each role as one line each. */
export function permissionLines(synth: SynthesizedOrg): string[] {
  return synth.accounts
    .flatMap((a) =>
      a.roles.map((r) => {
        const managed = [...r.managedPolicyArns].sort().map((arn) => (r.customerPolicies?.[arn] ? `${arn} ${canonical(r.customerPolicies[arn])}` : arn));
        const inline = [...r.inlinePolicies].sort((x, y) => x.name.localeCompare(y.name)).map((p) => `${p.name} ${canonical(p.document)}`);
        return `${r.arn}: managed [${managed.join('; ')}] inline [${inline.join('; ')}] boundary ${r.permissionsBoundary ?? '-'} session ${r.maxSessionDuration} s tags ${canonical(r.tags)}${r.description !== undefined ? ` description ${JSON.stringify(r.description)}` : ''}`;
      }),
    )
    .sort();
}

export interface ProofResult {
  readonly pairs: number;
  readonly roles: number;
  /** Lines only live AWS has: access the org file would take away. */
  readonly onlyLive: readonly string[];
  /** Lines only the org file has: access it would add. */
  readonly onlyFile: readonly string[];
}

/** Compares the live estate (within `scope`) with the synthesized org file. */
export function compareAccess(live: SynthesizedOrg, synthesized: SynthesizedFile): ProofResult {
  const file = withDefaultTags(synthesized, live);
  const liveAccess = accessLines(analyzeAccess(live));
  const a = [...liveAccess, ...permissionLines(live)];
  const b = [...accessLines(analyzeAccess(file)), ...permissionLines(file)];
  const inB = new Set(b);
  const inA = new Set(a);
  return { pairs: liveAccess.length, roles: live.accounts.reduce((n, x) => n + x.roles.length, 0), onlyLive: a.filter((l) => !inB.has(l)), onlyFile: b.filter((l) => !inA.has(l)) };
}

export function renderProof(result: ProofResult): string {
  const lines = [`Proof: ${result.pairs} access pairs and the permissions of ${result.roles} roles, read live and from the org file as synthesized:`];
  if (result.onlyLive.length === 0 && result.onlyFile.length === 0) lines.push('  identical: the org file grants exactly the live access, pair by pair.');
  for (const l of result.onlyLive) lines.push(`  - live only (the org file would take it away): ${l}`);
  for (const l of result.onlyFile) lines.push(`  + org file only (the org file would add it): ${l}`);
  return `${lines.join('\n')}\n`;
}
