/**
 * The identity account's IAM users are trusted per account: only where a group grants the role
 * there (or, as the fallback of a role nothing grants there, with its warning). A role a group grants
 * in dev and only a workload or a named principal reaches in prod does not let a hub admin with a
 * broad sts:AssumeRole into prod. Judged by the IAM simulator on the synthesized trust.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { parseOrg } from '../../org/load';
import { readSynthesizedOrg } from '../../review/artifact';
import { analyzeAccess } from '../../review/access';
import { diffAccess, renderDiffMarkdown } from '../../review/diff';
import { ALLOW_ALL_ASSUME, isAllowed, userCaller } from '../helpers/simulator';
import { buildFromText, FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

const ORG = `organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222" }
  prod: { accountId: "444444444444" }
  qa: { accountId: "555555555555" }
roles:
  Deployer:
    accounts: [dev, prod, qa]
    managedPolicies: [PowerUserAccess]
  Auditor:
    accounts: [dev, prod]
    managedPolicies: [SecurityAudit]
    trust:
      principals: [arn:aws:iam::222222222222:role/ci/Runner]
groups:
  developers:
    assume:
      Deployer: [dev]
      Auditor: [dev]
githubActions:
  deploy:
    repository: acme/infra
    branches: [main]
    assume:
      Deployer: [prod]
`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const built = buildFromText(ORG);
const trustOf = (account: string, role: string) => {
  const stack = built.accounts.find((a) => a.account.key === account)!;
  const json = JSON.parse(Testing.synth(stack)) as Json;
  return JSON.parse(json.resource.aws_iam_role[`role_${role}`].assume_role_policy) as { Statement: Json[] };
};
const sids = (account: string, role: string) => trustOf(account, role).Statement.map((s) => s.Sid);
const MFA = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '10' };

/** A hub admin: an IAM user of the identity account whose own policy allows sts:AssumeRole on everything. */
const adminMay = (account: string, accountId: string, role: string) =>
  isAllowed({ caller: userCaller('111111111111', 'hub-admin'), roleArn: `arn:aws:iam::${accountId}:role/${role}`, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: trustOf(account, role) as never, context: MFA });

describe('IAM users of the identity account are trusted per account', () => {
  test('where a group grants the role: the IdentityAccount statement, and a hub admin gets in', async () => {
    expect(sids('dev', 'Deployer')).toEqual(['IdentityAccount']);
    expect(await adminMay('dev', '222222222222', 'Deployer')).toBe(true);
  });

  test('where only a workload reaches it: no IdentityAccount statement, and a hub admin with a broad sts:AssumeRole is refused', async () => {
    expect(sids('prod', 'Deployer')).toEqual(['GitHubActions']);
    expect(await adminMay('prod', '444444444444', 'Deployer')).toBe(false);
  });

  test('where only named principals reach it: no IdentityAccount statement', async () => {
    expect(sids('dev', 'Auditor')).toEqual(['IdentityAccount', 'OrgPrincipals']);
    expect(sids('prod', 'Auditor')).toEqual(['OrgPrincipals']);
    expect(await adminMay('prod', '444444444444', 'Auditor')).toBe(false);
    expect(await adminMay('dev', '222222222222', 'Auditor')).toBe(true);
  });

  test('where nothing grants it: the fallback trust of the identity account\'s people stays, and the synth warns for that account', async () => {
    expect(sids('qa', 'Deployer')).toEqual(['IdentityAccount']);
    expect(await adminMay('qa', '555555555555', 'Deployer')).toBe(true);
    expect(parseOrg(ORG, 'org.yaml').warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      "roles.Deployer.accounts: places the role in qa, where nothing grants it: there its trust falls back to the identity account's IAM users (with MFA), as for a role granted to no one, and only those whose own policy allows it could assume it. Fix: grant it there, or remove qa from roles.Deployer.accounts.",
    ]);
  });
});

describe('upgrading an org where this narrows a trust', () => {
  test('diff names each role no longer trusting the identity account\'s IAM users; nothing else changes, and no loosening', () => {
    // The automation fixture grants Deploy to a group in app-dev only. Before trust per account, its
    // trust in app-prod let the hub's IAM users in too: the statement app-dev's trust has.
    const head = synthOrgFile(join(FIXTURES, 'automation.yaml'));
    const base = tempDir('cai-upgrade-');
    for (const stack of readdirSync(join(head, 'stacks'))) {
      const json = JSON.parse(readFileSync(join(head, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Json;
      if (stack === 'app-prod') {
        const dev = JSON.parse(readFileSync(join(head, 'stacks', 'app-dev', 'cdk.tf.json'), 'utf8')) as Json;
        const people = (JSON.parse(dev.resource.aws_iam_role.role_Deploy.assume_role_policy) as { Statement: Json[] }).Statement.find((st) => st.Sid === 'IdentityAccount');
        const trust = JSON.parse(json.resource.aws_iam_role.role_Deploy.assume_role_policy) as { Statement: Json[] };
        expect(trust.Statement.map((st) => st.Sid)).toEqual(['OrgPrincipals']);
        json.resource.aws_iam_role.role_Deploy.assume_role_policy = JSON.stringify({ ...trust, Statement: [people, ...trust.Statement] });
      }
      mkdirSync(join(base, 'stacks', stack), { recursive: true });
      writeFileSync(join(base, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(json));
    }
    const b = readSynthesizedOrg(base);
    const h = readSynthesizedOrg(head);
    const diff = diffAccess({ synth: b, access: analyzeAccess(b) }, { synth: h, access: analyzeAccess(h) });
    expect(diff.loosened).toBe(0);
    expect(renderDiffMarkdown(diff).trim().split('\n').slice(2)).toEqual([
      'No change loosens access.',
      '',
      '| | change | who -> what | details |',
      '| --- | --- | --- | --- |',
      "| ✅ | identity account's IAM users no longer trusted | `Deploy @ app-prod` | the trust no longer lets in the identity account's IAM users (no group grants it here) |",
    ]);
    // The other way round (a downgrade, or a group granted there later) is a loosening.
    expect(diffAccess({ synth: h, access: analyzeAccess(h) }, { synth: b, access: analyzeAccess(b) }).changes).toEqual([
      { kind: 'people-trusted', loosens: true, subject: 'Deploy @ app-prod', details: ["the trust now lets in the identity account's IAM users whose own policy allows it"] },
    ]);
  });
});
