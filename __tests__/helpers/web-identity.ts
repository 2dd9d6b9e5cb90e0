import { dirname } from 'node:path';
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { PolicyJson } from '../../review/artifact';

/**
 * The IAM simulator's verdict on `sts:AssumeRoleWithWebIdentity` with an OIDC token.
 *
 * The simulator's checked entry point (`runSimulation`) keeps only the request keys its data lists
 * for the action, and `<issuer>:sub` / `<issuer>:aud` are not among them (for
 * token.actions.githubusercontent.com or any other issuer): it drops them as ignored context keys,
 * so every web identity statement fails its conditions there. `webIdentityKeysIgnored` proves that
 * (a test fails when a simulator release starts to keep them, and this detour can go).
 *
 * So the verdict comes from the simulator's own engine without that key filter
 * (`runUnsafeSimulation`), after `runSimulation` has validated the trust policy. That entry point
 * loads the resource policy without a name and then reads its name; the name is supplied here,
 * for the duration of the call, and nothing else is changed.
 */
export interface WebIdentityRequest {
  /** The OIDC provider the token comes through: `arn:aws:iam::<acct>:oidc-provider/<host>`. */
  readonly provider: string;
  readonly roleArn: string;
  readonly trustPolicy: PolicyJson;
  /** The token's claims as condition keys, e.g. `token.actions.githubusercontent.com:sub`. */
  readonly claims: Record<string, string>;
  readonly action?: string;
}

const simulation = (req: WebIdentityRequest) => ({
  request: {
    principal: req.provider,
    action: req.action ?? 'sts:AssumeRoleWithWebIdentity',
    resource: { resource: req.roleArn, accountId: /^arn:aws:iam::(\d{12}):/.exec(req.roleArn)![1] },
    contextVariables: req.claims,
  },
  identityPolicies: [],
  serviceControlPolicies: [],
  resourceControlPolicies: [],
  resourcePolicy: req.trustPolicy,
});

/** The request keys the checked simulator drops (fails on any policy error). */
export async function webIdentityKeysIgnored(req: WebIdentityRequest): Promise<string[]> {
  const result = await runSimulation(simulation(req), {});
  if (result.resultType === 'error') throw new Error(`simulator refused the policies: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') throw new Error(`unexpected simulation result ${result.resultType}`);
  return result.result.ignoredContextKeys ?? [];
}

// The policy loader the simulator itself uses (the same module instance as its own).
const iamPolicy = require(require.resolve('@cloud-copilot/iam-policy', { paths: [dirname(require.resolve('@cloud-copilot/iam-simulate'))] })) as {
  loadPolicy: (doc: unknown, metadata?: unknown) => unknown;
};

/** Whether AWS would let the token assume the role, as judged by the simulator's engine. */
export async function isWebIdentityAllowed(req: WebIdentityRequest): Promise<boolean> {
  await webIdentityKeysIgnored(req); // validates the policy
  const own = Object.getOwnPropertyDescriptor(iamPolicy, 'loadPolicy')!;
  const load = iamPolicy.loadPolicy;
  Object.defineProperty(iamPolicy, 'loadPolicy', { configurable: true, enumerable: true, get: () => (doc: unknown, metadata?: unknown) => load(doc, metadata ?? { name: 'TrustPolicy' }) });
  try {
    return runUnsafeSimulation(simulation(req), {}) === 'Allowed';
  } finally {
    Object.defineProperty(iamPolicy, 'loadPolicy', own);
  }
}
