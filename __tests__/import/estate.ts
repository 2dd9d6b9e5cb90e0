/**
 * A live estate as people build it by hand, as import reads it (plain JSON, no AWS): groups granting
 * roles by inline and attached policies, console-default trusts with MFA in two forms, an MFA age,
 * a whole third-party account, GitHub Actions, and trusts the org file cannot say.
 */
import { LiveAccount, LiveEstate, LiveRole } from '../../import/live';

export const IDENTITY = '111111111111';
export const DEV = '222222222222';
export const PROD = '333333333333';
export const VENDOR = '444444444444';

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });
const assume = (...Resource: string[]) => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: Resource.length === 1 ? Resource[0] : Resource });
const arn = (account: string, name: string, path = '/') => `arn:aws:iam::${account}:role${path}${name}`;

export function role(account: string, name: string, trust: Record<string, unknown>[], extra: Partial<LiveRole> = {}): LiveRole {
  return { name, path: '/', arn: arn(account, name, extra.path), trustPolicy: doc(...trust), maxSessionDuration: 3600, tags: {}, attachedPolicies: [], inlinePolicies: [], ...extra };
}

const READ_LOGS = doc({ Effect: 'Allow', Action: ['logs:GetLogEvents', 'logs:FilterLogEvents'], Resource: '*' });
/** The same customer managed policy, made by hand in each account. */
const readLogs = (account: string) => ({ [`arn:aws:iam::${account}:policy/ReadLogs`]: { arn: `arn:aws:iam::${account}:policy/ReadLogs`, name: 'ReadLogs', path: '/', description: 'Read logs', document: READ_LOGS } });

export const consoleTrust = (condition?: Record<string, unknown>) => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });

export function estate(): LiveEstate {
  const dev: LiveAccount = {
    key: 'dev',
    accountId: DEV,
    customerPolicies: readLogs(DEV),
    oidcProviders: [{ arn: `arn:aws:iam::${DEV}:oidc-provider/token.actions.githubusercontent.com`, url: 'token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'], thumbprints: [] }],
    roles: [
      role(DEV, 'ReadOnly', [consoleTrust({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })], { attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }, { arn: `arn:aws:iam::${DEV}:policy/ReadLogs`, name: 'ReadLogs' }] }),
      role(DEV, 'ops.admin', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'vendor-ext-1' } } }], {
        tags: { Team: 'platform' },
        inlinePolicies: [{ name: 'read-logs', document: doc({ Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: '*' }) }],
      }),
      role(DEV, 'Regional', [consoleTrust({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } })]),
      role(DEV, 'LambdaExec', [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      role(DEV, 'Deployer', [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${DEV}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' } },
        },
      ]),
    ],
  };
  const prod: LiveAccount = {
    key: 'prod',
    accountId: PROD,
    customerPolicies: readLogs(PROD),
    oidcProviders: [],
    roles: [
      // The same role as in dev, MFA written as a JSON boolean and the hub as a bare account id.
      role(PROD, 'ReadOnly', [{ Effect: 'Allow', Principal: { AWS: IDENTITY }, Action: ['sts:AssumeRole'], Condition: { Bool: { 'aws:multifactorauthpresent': true } } }], { attachedPolicies: [{ arn: `arn:aws:iam::${PROD}:policy/ReadLogs`, name: 'ReadLogs' }, { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }] }),
      role(PROD, 'Admin', [consoleTrust({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } })], {
        maxSessionDuration: 7200,
        attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' }],
      }),
    ],
  };
  return {
    identity: {
      accountId: IDENTITY,
      groups: [
        { name: 'developers', path: '/', inlinePolicies: [{ name: 'assume', document: doc(assume(arn(DEV, 'ReadOnly'), arn(PROD, 'ReadOnly'))) }], attachedPolicies: [] },
        {
          name: 'ops',
          path: '/teams/',
          inlinePolicies: [{ name: 'dev-read', document: doc(assume(arn(DEV, 'ReadOnly'))) }],
          attachedPolicies: [{ arn: `arn:aws:iam::${IDENTITY}:policy/ProdAdmin`, name: 'ProdAdmin', document: doc({ ...assume(arn(PROD, 'Admin')), Sid: 'Admin' }) }],
        },
        { name: 'admins', path: '/', inlinePolicies: [], attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }] },
        { name: 'wildcard', path: '/', inlinePolicies: [{ name: 'all-roles', document: doc(assume('arn:aws:iam::*:role/*')) }], attachedPolicies: [] },
      ],
    },
    accounts: [dev, prod],
  };
}
