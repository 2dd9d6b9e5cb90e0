import { runSimulation } from '@cloud-copilot/iam-simulate';
import { PolicyJson } from '../../review/artifact';

/** A caller: an IAM user, or a role session (`arn:aws:sts::<acct>:assumed-role/<name>/<session>`). */
export interface Caller {
  /** The request's principal ARN. */
  readonly arn: string;
  /** `aws:PrincipalArn` as AWS sets it: the user's ARN, or the role's ARN (with path) for a session. */
  readonly principalArn: string;
}

export function userCaller(accountId: string, name: string): Caller {
  const arn = `arn:aws:iam::${accountId}:user/${name}`;
  return { arn, principalArn: arn };
}

/** A session of role `roleArn` (which may carry a path). */
export function roleSessionCaller(roleArn: string): Caller {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!m) throw new Error(`not a role ARN: ${roleArn}`);
  return { arn: `arn:aws:sts::${m[1]}:assumed-role/${m[2]}/session`, principalArn: roleArn };
}

/** Any caller with this identity policy may call `sts:AssumeRole` (and the session extras) on anything. */
export const ALLOW_ALL_ASSUME: PolicyJson = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: '*' }],
};

export interface AssumeRequest {
  readonly caller: Caller;
  readonly roleArn: string;
  readonly identityPolicies: readonly PolicyJson[];
  /** The role's trust policy; undefined when the role does not exist there. */
  readonly trustPolicy: PolicyJson;
  readonly context?: Record<string, string | string[]>;
  readonly action?: string;
  /** Resource control policies over the role's account (the organization's perimeter). */
  readonly resourceControlPolicies?: { orgIdentifier: string; policies: { name: string; policy: PolicyJson }[] }[];
}

/** Whether AWS would allow the call, as judged by the IAM simulator. Fails on any policy error. */
export async function isAllowed(req: AssumeRequest): Promise<boolean> {
  const accountId = /^arn:aws:iam::(\d{12}):/.exec(req.roleArn)![1];
  const result = await runSimulation(
    {
      request: {
        principal: req.caller.arn,
        action: req.action ?? 'sts:AssumeRole',
        resource: { resource: req.roleArn, accountId },
        // Keys AWS itself puts in every AssumeRole request context, which the simulator leaves to the caller.
        contextVariables: { 'aws:PrincipalArn': req.caller.principalArn, 'aws:ResourceAccount': accountId, ...req.context },
      },
      identityPolicies: req.identityPolicies.map((policy, i) => ({ name: `policy${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: req.resourceControlPolicies ?? [],
      resourcePolicy: req.trustPolicy,
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulator refused the policies: ${JSON.stringify(result.errors)}`);
  return result.overallResult === 'Allowed';
}
