/**
 * The sandbox's access check: a member of each group calls `sts:AssumeRole` on every deployed role,
 * with the emulator's authorization switched on, and each answer is compared with the org file.
 * The emulator judges the caller's identity policies (the group's), not trust policies or
 * conditions: the IAM simulator tests prove those. Answers the emulator may get wrong
 * (emulator-quirks.ts, `misjudgedAccess`) are judged from the deployed policies instead.
 */
import { OrgModel } from '../org/model';
import { assumeGrants } from '../org/render';
import { identityPoliciesAllow } from '../review/access';
import { SynthesizedOrg } from '../review/artifact';
import { SandboxStack } from './deploy';
import { ApiCall, callApi, callApiOrFail } from './emulator';
import { misjudgedAccess } from './emulator-quirks';

/** A group of the identity stack and a role of an account stack, as deployed. */
export interface DeployedGroup {
  readonly name: string;
  readonly path: string;
}
export interface DeployedRole {
  readonly stack: string;
  readonly name: string;
  readonly arn: string;
}

/** The groups (identity stack) and roles (account stacks) the stacks deploy, read from their JSON. */
export function deployedPrincipals(stacks: readonly SandboxStack[]): { identity?: SandboxStack; groups: DeployedGroup[]; roles: DeployedRole[] } {
  const identity = stacks.find((s) => Object.keys(s.json.resource?.aws_iam_group ?? {}).length > 0);
  const groups = Object.values(identity?.json.resource?.aws_iam_group ?? {}).map((g) => ({ name: String(g.name), path: String(g.path ?? '/') }));
  const roles = stacks.flatMap((s) =>
    Object.values(s.json.resource?.aws_iam_role ?? {}).map((r) => ({ stack: s.name, name: String(r.name), arn: `arn:aws:iam::${s.accountId}:role${String(r.path ?? '/')}${String(r.name)}` })),
  );
  return { identity, groups, roles };
}

export interface AccessAnswer {
  readonly group: string;
  readonly roleArn: string;
  readonly allowed: boolean;
  /** The error code when refused: AccessDenied, or another error of the emulator. */
  readonly code?: string;
  /** The emulator's message for another error than AccessDenied. */
  readonly message?: string;
}

/**
 * For every group: a user in the identity account, in that group, with access keys; each user
 * calls `sts:AssumeRole` on every role with the emulator's authorization switched on (moto's
 * /moto-api/reset-auth). The users are removed afterwards and the authorization switched off.
 * moto judges the caller's identity policies (the group's) for the role ARN; it does not judge
 * trust policies or conditions.
 */
export async function assumeThroughApi(endpoint: string, stacks: readonly SandboxStack[]): Promise<AccessAnswer[]> {
  const { identity, groups, roles } = deployedPrincipals(stacks);
  if (!identity || groups.length === 0 || roles.length === 0) return [];
  const region = identity.region;
  const as = { roleArn: identity.deploymentRoleArn };
  const users = groups.map((g, i) => ({ group: g.name, user: `sandbox-user-${i}-${g.name}`.slice(0, 64) }));
  const setup = await callApiOrFail(
    endpoint,
    region,
    users.flatMap(({ group, user }): ApiCall[] => [
      { as, service: 'iam', method: 'create_user', params: { UserName: user } },
      { as, service: 'iam', method: 'add_user_to_group', params: { UserName: user, GroupName: group } },
      { as, service: 'iam', method: 'create_access_key', params: { UserName: user } },
    ]),
  );
  const keys = users.map((_, i) => setup[i * 3 + 2].result.AccessKey as { AccessKeyId: string; SecretAccessKey: string });
  try {
    const pairs = users.flatMap((u, i) => roles.map((r) => ({ group: u.group, roleArn: r.arn, key: keys[i] })));
    const answers = await callApi(endpoint, region, [
      { service: 'moto-api', method: 'reset-auth', params: { count: 0 } },
      ...pairs.map(
        ({ roleArn, key }): ApiCall => ({ as: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, service: 'sts', method: 'assume_role', params: { RoleArn: roleArn, RoleSessionName: 'sandbox-access-check' } }),
      ),
      { service: 'moto-api', method: 'reset-auth', params: { count: 'inf' } },
    ]);
    return pairs.map(({ group, roleArn }, i) => {
      const r = answers[i + 1];
      return { group, roleArn, allowed: r.ok, code: r.code, ...(!r.ok && r.code !== 'AccessDenied' ? { message: r.message } : {}) };
    });
  } finally {
    await callApi(endpoint, region, [{ service: 'moto-api', method: 'reset-auth', params: { count: 'inf' } }]);
    await callApiOrFail(
      endpoint,
      region,
      users.flatMap(({ group, user }, i): ApiCall[] => [
        { as, service: 'iam', method: 'remove_user_from_group', params: { UserName: user, GroupName: group } },
        { as, service: 'iam', method: 'delete_access_key', params: { UserName: user, AccessKeyId: keys[i].AccessKeyId } },
        { as, service: 'iam', method: 'delete_user', params: { UserName: user } },
      ]),
    );
  }
}

/**
 * Each group's member calls sts:AssumeRole on every role: allowed exactly where the org file grants
 * it. Pairs on which moto's resource matching is not AWS's are named, not judged. Returns the number
 * of wrong answers.
 */
export async function checkAccess(model: OrgModel, synth: SynthesizedOrg, endpoint: string, stacks: readonly SandboxStack[], say: (line: string) => void): Promise<number> {
  const answers = await assumeThroughApi(endpoint, stacks);
  const granted = new Set(model.groups.flatMap((g) => assumeGrants(model, g).map((x) => `${g.name} ${x.roleArn}`)));
  let wrong = 0;
  let unjudged = 0;
  say(`Access through the STS API (a user in each group, ${answers.length} sts:AssumeRole calls; the emulator judges the group's policy, not trust policies or conditions):`);
  for (const group of model.groups) {
    const policies = synth.identity?.groups.find((g) => g.name === group.name)?.policies.map((p) => p.document) ?? [];
    const mine = answers.filter((a) => a.group === group.name);
    const whys = new Map(mine.map((a) => [a.roleArn, misjudgedAccess(policies, a.roleArn)] as const).filter((e): e is readonly [string, string] => e[1] !== undefined));
    const misjudged = new Set(whys.keys());
    const judged = mine.filter((a) => !misjudged.has(a.roleArn));
    const allowed = judged.filter((a) => a.allowed).map((a) => a.roleArn);
    say(`  ${group.name}: may assume ${allowed.length === 0 ? 'nothing' : allowed.join(', ')}; refused on ${judged.length - allowed.length} other roles`);
    if (misjudged.size > 0) say(`  ${group.name}: not judged by the emulator: ${[...misjudged].join(', ')} (${[...new Set(whys.values())].join('; ')})`);
    unjudged += misjudged.size;
    for (const a of mine) {
      const grants = granted.has(`${a.group} ${a.roleArn}`);
      if (misjudged.has(a.roleArn)) {
        // What AWS would answer with the deployed policies must still be the org file's.
        if (identityPoliciesAllow(policies, a.roleArn) !== grants) {
          wrong++;
          say(`  WRONG: the deployed policies of ${a.group} ${grants ? 'do not allow' : 'allow'} ${a.roleArn}, which the org file ${grants ? 'grants' : 'does not grant'}`);
        }
      } else if (a.code !== undefined && a.code !== 'AccessDenied') {
        wrong++;
        say(`  ERROR: sts:AssumeRole by ${a.group} on ${a.roleArn}: the emulator answered ${a.code}: ${a.message ?? ''}`);
      } else if (a.allowed !== grants) {
        wrong++;
        say(`  WRONG: ${a.group} ${a.allowed ? 'was allowed' : 'was refused'} ${a.roleArn}, which the org file ${a.allowed ? 'does not grant' : 'grants'}`);
      }
    }
  }
  if (wrong === 0) say(unjudged === 0 ? '  every answer matches the org file' : `  every answer the emulator could judge matches the org file (${unjudged} not judged)`);
  return wrong;
}
