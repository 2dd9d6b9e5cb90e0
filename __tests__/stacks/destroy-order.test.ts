/**
 * Destroy order: a role is created after, and so destroyed before, every customer managed policy
 * attached to it. Deleting the role detaches its policies (force_detach_policies) while they still
 * exist; destroyed side by side, IAM answers DeleteConflict ("must detach all policies first").
 * Same for the SAML roles of the identity account and their assume-role policies, and for roles
 * that trust an OIDC provider of their account (IAM refuses a trust naming a provider that does
 * not exist yet).
 */
import { Testing } from 'cdktf';
import { buildFromText } from '../helpers/synth';

const ORG = `organization: acme
region: us-east-1
identity: { accountId: "111111111111" }
accounts:
  dev: { accountId: "222222222222" }
policies:
  ReadLogs:
    document: { Version: "2012-10-17", Statement: { Effect: Allow, Action: "logs:GetLogEvents", Resource: "*" } }
  Boundary:
    document: { Version: "2012-10-17", Statement: { Effect: Allow, Action: "*", Resource: "*" } }
roles:
  Reader:
    accounts: [dev]
    managedPolicies: [ReadOnlyAccess, ReadLogs]
    permissionsBoundary: Boundary
  Deployer:
    accounts: [dev]
    managedPolicies: [PowerUserAccess]
samlRoles:
  Engineers:
    provider: Okta
    assume: { Reader: [dev] }
githubActions:
  infra:
    repository: acme/infra
    branches: [main]
    assume: { Deployer: [dev] }
`;

type Json = Record<string, Record<string, Record<string, { depends_on?: string[] }>>>;

describe('destroy order', () => {
  const built = buildFromText(ORG);
  const dev = JSON.parse(Testing.synth(built.accounts[0])) as Json;
  const identity = JSON.parse(Testing.synth(built.identity!)) as Json;

  test('a member role waits for its boundary and every customer policy attached to it, and a web-identity role for its OIDC provider', () => {
    expect(dev.resource.aws_iam_role.role_Reader.depends_on).toEqual(['aws_iam_policy.policy_Boundary', 'aws_iam_policy.policy_ReadLogs']);
    expect(dev.resource.aws_iam_role.role_Deployer.depends_on).toEqual(['aws_iam_openid_connect_provider.oidc_provider_token__002eactions__002egithubusercontent__002ecom']);
  });

  test('a SAML role of the identity account waits for its assume-role policies', () => {
    expect(identity.resource.aws_iam_role.role_Engineers.depends_on).toEqual(['aws_iam_policy.saml_role_Engineers_policy_Engineers-assume-roles']);
  });
});
