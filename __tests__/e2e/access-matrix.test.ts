/**
 * The access matrix, judged by the IAM simulator over the synthesized cdk.tf.json files (what will
 * be deployed), against the org file's intent read straight from the YAML.
 */
import { join } from 'node:path';
import { readSynthesizedOrg, SynthesizedOrg, SynthesizedRole } from '../../review/artifact';
import { Intent, readIntent } from '../helpers/intent';
import { ALLOW_ALL_ASSUME, Caller, isAllowed, roleSessionCaller, userCaller } from '../helpers/simulator';
import { EXAMPLE_ORG, FIXTURES, synthOrgFile } from '../helpers/synth';

const ORGS: [string, string][] = [
  ['example org.yaml', EXAMPLE_ORG],
  ['minimal', join(FIXTURES, 'minimal.yaml')],
  ['automation', join(FIXTURES, 'automation.yaml')],
  ['implicit', join(FIXTURES, 'implicit.yaml')],
];

/** An account no org file here names. */
const STRANGER_ACCOUNT = '777777777777';
const OTHER_ORG_ID = 'o-otherorg0000';
/** A trust policy that lets anyone in, to judge a group's policy on its own. */
const TRUST_ANYONE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };

describe.each(ORGS)('access matrix of %s', (_name, orgPath) => {
  let synth: SynthesizedOrg;
  let intent: Intent;

  beforeAll(() => {
    synth = readSynthesizedOrg(synthOrgFile(orgPath));
    intent = readIntent(orgPath);
  });

  const roleIn = (account: string, role: string): SynthesizedRole | undefined =>
    synth.accounts.find((a) => a.stack === account)?.roles.find((r) => r.name === role);
  const groupPolicies = (group: string) => {
    const g = synth.identity!.groups.find((x) => x.name === group);
    if (!g) throw new Error(`group ${group} was not synthesized`);
    return g.policies.map((p) => p.document);
  };
  const member = (): Caller => userCaller(intent.identityAccountId, 'alice');
  /** What a person's session in the identity account carries. */
  const personContext = (role: string, mfa: 'fresh' | 'none' | 'absent' | 'stale' = 'fresh') => {
    const r = intent.roles[role];
    const ctx: Record<string, string> = {};
    if (intent.orgId) ctx['aws:PrincipalOrgID'] = intent.orgId;
    if (r.sourceIps.length > 0) ctx['aws:SourceIp'] = r.sourceIps[0].split('/')[0];
    if (mfa === 'fresh') Object.assign(ctx, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30' });
    if (mfa === 'stale') Object.assign(ctx, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': String((r.mfaMaxAgeSeconds ?? 0) + 1) });
    if (mfa === 'none') ctx['aws:MultiFactorAuthPresent'] = 'false';
    return ctx;
  };
  const pairs = () =>
    intent.groups.flatMap((group) => Object.keys(intent.accounts).flatMap((account) => Object.keys(intent.roles).map((role) => ({ group, account, role }))));
  const arnOf = (account: string, role: string) => `arn:aws:iam::${intent.accounts[account]}:role${intent.roles[role].path}${role}`;

  test('each group x account x role: allowed with MFA exactly when the org file grants it', async () => {
    const wrong: string[] = [];
    for (const { group, account, role } of pairs()) {
      const granted = intent.grants.has(`${group}|${account}|${role}`);
      const deployed = roleIn(account, role);
      // Where the role does not exist, the group's own policy must not allow its ARN either.
      const allowed = await isAllowed({
        caller: member(),
        roleArn: arnOf(account, role),
        identityPolicies: groupPolicies(group),
        trustPolicy: deployed ? deployed.trustPolicy : { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] },
        context: personContext(role),
      });
      if (allowed !== granted) wrong.push(`${group} -> ${role}@${account}: ${allowed ? 'allowed' : 'denied'}`);
    }
    expect(wrong).toEqual([]);
    expect(pairs().length).toBeGreaterThan(0);
  });

  test('without MFA: denied wherever the role requires MFA, by both halves and by the trust policy alone', async () => {
    const wrong: string[] = [];
    for (const { group, account, role } of pairs()) {
      const deployed = roleIn(account, role);
      if (!deployed) continue;
      const granted = intent.grants.has(`${group}|${account}|${role}`);
      const needsMfa = intent.roles[role].mfa;
      for (const mfa of ['none', 'absent'] as const) {
        const both = await isAllowed({ caller: member(), roleArn: deployed.arn, identityPolicies: groupPolicies(group), trustPolicy: deployed.trustPolicy, context: personContext(role, mfa) });
        if (both !== (granted && !needsMfa)) wrong.push(`${group} -> ${role}@${account} (MFA ${mfa}): ${both ? 'allowed' : 'denied'}`);
        if (needsMfa && granted) {
          const groupAlone = await isAllowed({ caller: member(), roleArn: deployed.arn, identityPolicies: groupPolicies(group), trustPolicy: TRUST_ANYONE, context: personContext(role, mfa) });
          if (groupAlone) wrong.push(`group policy of ${group} alone allows ${role}@${account} without MFA (${mfa})`);
        }
        if (needsMfa) {
          const trustAlone = await isAllowed({ caller: member(), roleArn: deployed.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: deployed.trustPolicy, context: personContext(role, mfa) });
          if (trustAlone) wrong.push(`trust of ${role}@${account} alone allows a session without MFA (${mfa})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('an MFA sign-in older than the role allows is denied by both halves', async () => {
    const wrong: string[] = [];
    for (const { group, account, role } of pairs()) {
      const deployed = roleIn(account, role);
      if (!deployed || intent.roles[role].mfaMaxAgeSeconds === undefined || !intent.grants.has(`${group}|${account}|${role}`)) continue;
      const ctx = personContext(role, 'stale');
      if (await isAllowed({ caller: member(), roleArn: deployed.arn, identityPolicies: groupPolicies(group), trustPolicy: TRUST_ANYONE, context: ctx }))
        wrong.push(`group policy of ${group} allows ${role}@${account} with a stale MFA`);
      if (await isAllowed({ caller: member(), roleArn: deployed.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: deployed.trustPolicy, context: ctx }))
        wrong.push(`trust of ${role}@${account} allows a stale MFA`);
    }
    expect(wrong).toEqual([]);
  });

  test('named principals get in only with the right external id (and, inside the org, the org id)', async () => {
    const wrong: string[] = [];
    for (const [role, r] of Object.entries(intent.roles)) {
      for (const account of r.accounts) {
        const deployed = roleIn(account, role);
        if (!deployed) {
          wrong.push(`${role} missing in ${account}`);
          continue;
        }
        for (const principal of r.principals) {
          const principalAccount = /::(\d{12}):/.exec(principal)![1];
          const insideOrg = principalAccount === intent.identityAccountId || Object.values(intent.accounts).includes(principalAccount);
          const caller = principal.includes(':role/') ? roleSessionCaller(principal) : { arn: principal, principalArn: principal };
          const base: Record<string, string> = {};
          if (intent.orgId) base['aws:PrincipalOrgID'] = insideOrg ? intent.orgId : OTHER_ORG_ID;
          if (r.sourceIps.length > 0) base['aws:SourceIp'] = r.sourceIps[0].split('/')[0];
          const attempt = (ctx: Record<string, string>) => isAllowed({ caller, roleArn: deployed.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: deployed.trustPolicy, context: ctx });
          const right: Record<string, string> = r.externalId ? { 'sts:ExternalId': r.externalId } : {};
          if (!(await attempt({ ...base, ...right }))) wrong.push(`${principal} denied on ${role}@${account} with the right external id`);
          if (r.externalId) {
            if (await attempt({ ...base, 'sts:ExternalId': `${r.externalId}-wrong` })) wrong.push(`${principal} allowed on ${role}@${account} with a wrong external id`);
            if (await attempt(base)) wrong.push(`${principal} allowed on ${role}@${account} without an external id`);
          }
          if (insideOrg && intent.orgId && (await attempt({ ...right, 'aws:PrincipalOrgID': OTHER_ORG_ID }))) wrong.push(`${principal} allowed on ${role}@${account} from another org`);
          // Another role of the same account is not trusted by name.
          const sibling = roleSessionCaller(`arn:aws:iam::${principalAccount}:role/SomeoneElse`);
          if (await isAllowed({ caller: sibling, roleArn: deployed.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: deployed.trustPolicy, context: { ...base, ...right } }))
            wrong.push(`another role of ${principalAccount} allowed on ${role}@${account}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('an account the org file does not name never gets in, whatever it sends', async () => {
    const wrong: string[] = [];
    const callers = [userCaller(STRANGER_ACCOUNT, 'mallory'), roleSessionCaller(`arn:aws:iam::${STRANGER_ACCOUNT}:role/Admin`)];
    for (const account of synth.accounts) {
      for (const role of account.roles) {
        const r = intent.roles[role.name];
        const ctx: Record<string, string> = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '1' };
        if (r.externalId) ctx['sts:ExternalId'] = r.externalId;
        if (intent.orgId) ctx['aws:PrincipalOrgID'] = intent.orgId;
        if (r.sourceIps.length > 0) ctx['aws:SourceIp'] = r.sourceIps[0].split('/')[0];
        for (const caller of callers) {
          if (await isAllowed({ caller, roleArn: role.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: role.trustPolicy, context: ctx })) wrong.push(`${caller.arn} -> ${role.name}@${account.stack}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(synth.accounts.flatMap((a) => a.roles).length).toBeGreaterThan(0);
  });

  test('every synthesized role is one the org file places in that account, and no other', () => {
    const deployed = synth.accounts.flatMap((a) => a.roles.map((r) => `${a.stack}/${r.name}`)).sort();
    const intended = Object.entries(intent.roles).flatMap(([role, r]) => r.accounts.map((a) => `${a}/${role}`)).sort();
    expect(deployed).toEqual(intended);
    expect(synth.identity!.groups.map((g) => g.name).sort()).toEqual([...intent.groups].sort());
  });
});
