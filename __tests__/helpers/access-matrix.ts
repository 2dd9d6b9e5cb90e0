import { SynthesizedOrg, SynthesizedRole } from '../../review/artifact';
import { Intent } from './intent';
import { ALLOW_ALL_ASSUME, Caller, isAllowed, roleSessionCaller, userCaller } from './simulator';

/** An account no org file here names. */
export const STRANGER_ACCOUNT = '777777777777';
const OTHER_ORG_ID = 'o-otherorg0000';
/** A trust policy that lets anyone in, to judge a group's policy on its own. */
const TRUST_ANYONE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };

/**
 * The access matrix of a synthesized org, judged by the IAM simulator against the intent read from
 * the org file. Each check returns the pairs that are wrong, as sentences (empty when all is right).
 */
export class AccessMatrix {
  /** How many simulator requests were made. */
  requests = 0;

  constructor(
    private readonly synth: SynthesizedOrg,
    private readonly intent: Intent,
  ) {}

  private roleIn(account: string, role: string): SynthesizedRole | undefined {
    return this.synth.accounts.find((a) => a.stack === account)?.roles.find((r) => r.name === role);
  }

  private groupPolicies(group: string) {
    const g = this.synth.identity?.groups.find((x) => x.name === group);
    if (!g) throw new Error(`group ${group} was not synthesized`);
    return g.policies.map((p) => p.document);
  }

  private member(): Caller {
    return userCaller(this.intent.identityAccountId, 'alice');
  }

  /**
   * What a person's AssumeRole request carries: `fresh`, a session opened with MFA (or long-term keys
   * with an MFA code: AWS sets the key true for both, as its MFA-protected AssumeRole documents);
   * `code`, long-term keys with an MFA code just given; `none`, a session opened without MFA; `absent`,
   * long-term keys without an MFA code (no MFA key at all); `stale`, an MFA older than the role allows.
   */
  private personContext(role: string, mfa: 'fresh' | 'code' | 'none' | 'absent' | 'stale' = 'fresh'): Record<string, string> {
    const r = this.intent.roles[role];
    // Through STS's global endpoint (us-east-1), which a break-glass role's trust always lets through.
    const ctx: Record<string, string> = { 'aws:RequestedRegion': 'us-east-1' };
    if (this.intent.orgId) ctx['aws:PrincipalOrgID'] = this.intent.orgId;
    if (r.sourceIps.length > 0) ctx['aws:SourceIp'] = r.sourceIps[0].split('/')[0];
    if (mfa === 'fresh') Object.assign(ctx, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30' });
    if (mfa === 'stale') Object.assign(ctx, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': String((r.mfaMaxAgeSeconds ?? 0) + 1) });
    if (mfa === 'code') Object.assign(ctx, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '0' });
    if (mfa === 'none') ctx['aws:MultiFactorAuthPresent'] = 'false';
    return ctx;
  }

  private allowed(...args: Parameters<typeof isAllowed>): Promise<boolean> {
    this.requests++;
    return isAllowed(...args);
  }

  /** Every group x account x role of the org file. */
  pairs(): { group: string; account: string; role: string }[] {
    const { groups, accounts, roles } = this.intent;
    return groups.flatMap((group) => Object.keys(accounts).flatMap((account) => Object.keys(roles).map((role) => ({ group, account, role }))));
  }

  private arnOf(account: string, role: string): string {
    return `arn:aws:iam::${this.intent.accounts[account]}:role${this.intent.roles[role].path}${role}`;
  }

  /** With a fresh MFA sign-in: allowed exactly when granted. Where the role does not exist, the group's policy alone must refuse its ARN. */
  async grantsWithMfa(): Promise<string[]> {
    const wrong: string[] = [];
    for (const { group, account, role } of this.pairs()) {
      const granted = this.intent.grants.has(`${group}|${account}|${role}`);
      const deployed = this.roleIn(account, role);
      const allowed = await this.allowed({
        caller: this.member(),
        roleArn: this.arnOf(account, role),
        identityPolicies: this.groupPolicies(group),
        trustPolicy: deployed ? deployed.trustPolicy : TRUST_ANYONE,
        context: this.personContext(role),
      });
      if (allowed !== granted) wrong.push(`${group} -> ${role}@${account}: ${allowed ? 'allowed' : 'denied'}`);
    }
    return wrong;
  }

  /**
   * Without MFA (a session opened without it, or long-term keys without an MFA code): denied wherever
   * the role requires it, by both halves together, by the trust alone and by the group policy alone.
   * Long-term keys with an MFA code (the CLI's mfa_serial) are allowed by both halves, and by the
   * group policy alone: nobody is locked out.
   */
  async mfaEnforced(): Promise<string[]> {
    const wrong: string[] = [];
    for (const { group, account, role } of this.pairs()) {
      const deployed = this.roleIn(account, role);
      if (!deployed) continue;
      const granted = this.intent.grants.has(`${group}|${account}|${role}`);
      const needsMfa = this.intent.roles[role].mfa;
      for (const mfa of ['none', 'absent'] as const) {
        const ctx = this.personContext(role, mfa);
        const both = await this.allowed({ caller: this.member(), roleArn: deployed.arn, identityPolicies: this.groupPolicies(group), trustPolicy: deployed.trustPolicy, context: ctx });
        if (both !== (granted && !needsMfa)) wrong.push(`${group} -> ${role}@${account} (MFA ${mfa}): ${both ? 'allowed' : 'denied'}`);
        // The group side denies both: BoolIfExists aws:MultiFactorAuthPresent false.
        const groupAlone = needsMfa && granted && (await this.allowed({ caller: this.member(), roleArn: deployed.arn, identityPolicies: this.groupPolicies(group), trustPolicy: TRUST_ANYONE, context: ctx }));
        if (groupAlone) wrong.push(`group policy of ${group} alone allows ${role}@${account} without MFA (${mfa})`);
        if (needsMfa && (await this.allowed({ caller: this.member(), roleArn: deployed.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: deployed.trustPolicy, context: ctx })))
          wrong.push(`trust of ${role}@${account} alone allows a session without MFA (${mfa})`);
      }
      const code = this.personContext(role, 'code');
      const withCode = await this.allowed({ caller: this.member(), roleArn: deployed.arn, identityPolicies: this.groupPolicies(group), trustPolicy: deployed.trustPolicy, context: code });
      if (withCode !== granted) wrong.push(`${group} -> ${role}@${account} (long-term keys with an MFA code): ${withCode ? 'allowed' : 'denied'}`);
      if (granted && !(await this.allowed({ caller: this.member(), roleArn: deployed.arn, identityPolicies: this.groupPolicies(group), trustPolicy: TRUST_ANYONE, context: code })))
        wrong.push(`group policy of ${group} alone refuses ${role}@${account} to long-term keys with an MFA code: people using mfa_serial are locked out`);
    }
    return wrong;
  }

  /** How many (role, account, principal) and (group, role, account with an MFA age) cases the checks below judge. */
  featureCounts(): { namedPrincipals: number; mfaAges: number } {
    let namedPrincipals = 0;
    for (const r of Object.values(this.intent.roles)) namedPrincipals += r.accounts.length * r.principals.length;
    const mfaAges = this.pairs().filter(({ group, account, role }) => this.intent.roles[role].mfaMaxAgeSeconds !== undefined && this.intent.grants.has(`${group}|${account}|${role}`)).length;
    return { namedPrincipals, mfaAges };
  }

  /** An MFA sign-in older than the role's maximum age: denied by both halves on their own. */
  async mfaAgeEnforced(): Promise<string[]> {
    const wrong: string[] = [];
    for (const { group, account, role } of this.pairs()) {
      const deployed = this.roleIn(account, role);
      if (!deployed || this.intent.roles[role].mfaMaxAgeSeconds === undefined || !this.intent.grants.has(`${group}|${account}|${role}`)) continue;
      const ctx = this.personContext(role, 'stale');
      if (await this.allowed({ caller: this.member(), roleArn: deployed.arn, identityPolicies: this.groupPolicies(group), trustPolicy: TRUST_ANYONE, context: ctx }))
        wrong.push(`group policy of ${group} allows ${role}@${account} with a stale MFA`);
      if (await this.allowed({ caller: this.member(), roleArn: deployed.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: deployed.trustPolicy, context: ctx }))
        wrong.push(`trust of ${role}@${account} allows a stale MFA`);
    }
    return wrong;
  }

  /** Named principals: in only with the right external id (and, inside the org, the org id); another role of their account never. */
  async namedPrincipals(): Promise<string[]> {
    const wrong: string[] = [];
    for (const [role, r] of Object.entries(this.intent.roles)) {
      for (const account of r.accounts) {
        const deployed = this.roleIn(account, role);
        if (!deployed) {
          wrong.push(`${role} missing in ${account}`);
          continue;
        }
        for (const principal of r.principals) {
          const principalAccount = /::(\d{12}):/.exec(principal)![1];
          const insideOrg = principalAccount === this.intent.identityAccountId || Object.values(this.intent.accounts).includes(principalAccount);
          const caller = principal.includes(':role/') ? roleSessionCaller(principal) : { arn: principal, principalArn: principal };
          const base: Record<string, string> = { 'aws:RequestedRegion': 'us-east-1' };
          if (this.intent.orgId) base['aws:PrincipalOrgID'] = insideOrg ? this.intent.orgId : OTHER_ORG_ID;
          if (r.sourceIps.length > 0) base['aws:SourceIp'] = r.sourceIps[0].split('/')[0];
          const attempt = (who: Caller, ctx: Record<string, string>) =>
            this.allowed({ caller: who, roleArn: deployed.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: deployed.trustPolicy, context: ctx });
          const right: Record<string, string> = r.externalId ? { 'sts:ExternalId': r.externalId } : {};
          if (!(await attempt(caller, { ...base, ...right }))) wrong.push(`${principal} denied on ${role}@${account} with the right external id`);
          if (r.externalId) {
            if (await attempt(caller, { ...base, 'sts:ExternalId': `${r.externalId}-wrong` })) wrong.push(`${principal} allowed on ${role}@${account} with a wrong external id`);
            if (await attempt(caller, base)) wrong.push(`${principal} allowed on ${role}@${account} without an external id`);
          }
          if (insideOrg && this.intent.orgId && (await attempt(caller, { ...base, ...right, 'aws:PrincipalOrgID': OTHER_ORG_ID }))) wrong.push(`${principal} allowed on ${role}@${account} from another org`);
          if (await attempt(roleSessionCaller(`arn:aws:iam::${principalAccount}:role/SomeoneElse`), { ...base, ...right }))
            wrong.push(`another role of ${principalAccount} allowed on ${role}@${account}`);
        }
      }
    }
    return wrong;
  }

  /** A caller from an account the org file does not name never gets in, with every condition met. */
  async strangers(): Promise<string[]> {
    const wrong: string[] = [];
    const callers = [userCaller(STRANGER_ACCOUNT, 'mallory'), roleSessionCaller(`arn:aws:iam::${STRANGER_ACCOUNT}:role/Admin`)];
    for (const account of this.synth.accounts) {
      for (const role of account.roles) {
        const r = this.intent.roles[role.name];
        const ctx: Record<string, string> = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '1', 'aws:RequestedRegion': 'us-east-1' };
        if (r.externalId) ctx['sts:ExternalId'] = r.externalId;
        if (this.intent.orgId) ctx['aws:PrincipalOrgID'] = this.intent.orgId;
        if (r.sourceIps.length > 0) ctx['aws:SourceIp'] = r.sourceIps[0].split('/')[0];
        for (const caller of callers) {
          if (await this.allowed({ caller, roleArn: role.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: role.trustPolicy, context: ctx })) wrong.push(`${caller.arn} -> ${role.name}@${account.stack}`);
        }
      }
    }
    return wrong;
  }

  /** The roles deployed are exactly those the org file places, and the groups exactly its groups. */
  placement(): string[] {
    const deployed = this.synth.accounts.flatMap((a) => a.roles.map((r) => `${a.stack}/${r.name}`)).sort();
    const intended = Object.entries(this.intent.roles).flatMap(([role, r]) => r.accounts.map((a) => `${a}/${role}`)).sort();
    const groups = (this.synth.identity?.groups ?? []).map((g) => g.name).sort();
    const wrong = [...deployed.filter((d) => !intended.includes(d)).map((d) => `unexpected role ${d}`), ...intended.filter((i) => !deployed.includes(i)).map((i) => `missing role ${i}`)];
    if (JSON.stringify(groups) !== JSON.stringify([...this.intent.groups].sort())) wrong.push(`groups ${groups.join(',')} != ${this.intent.groups.join(',')}`);
    return wrong;
  }

  /** Every check at once. */
  async all(): Promise<string[]> {
    return [...this.placement(), ...(await this.grantsWithMfa()), ...(await this.mfaEnforced()), ...(await this.mfaAgeEnforced()), ...(await this.namedPrincipals()), ...(await this.strangers())];
  }
}
