import { roleArn } from './arn';
import { ConditionKey } from './condition';
import { PolicyDocument } from './document';
import { AnyPrincipal } from './principal';
import { PolicyStatement } from './statement';

/**
 * The organization's role-assumption perimeter, as a resource control policy (RCP): no principal
 * outside the organization may assume a role in its accounts, except the roles meant for third
 * parties. An RCP, not an SCP: an SCP only limits the organization's own principals and cannot stop
 * an outside caller; an RCP limits what anyone may do to the organization's resources (STS roles
 * included). AWS services acting for you are left alone.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
 */
export function renderPerimeterPolicy(orgId: string, exceptRoles: readonly { name: string; path: string }[]): PolicyDocument {
  // The exceptions are resources (NotResource), not a condition: aws:ResourceArn is no global key.
  const except = exceptRoles.map((r) => roleArn('*', r.name, r.path)).sort();
  return new PolicyDocument([
    new PolicyStatement({
      sid: 'DenyAssumeRoleFromOutsideTheOrg',
      effect: 'Deny',
      principals: [new AnyPrincipal()],
      actions: ['sts:AssumeRole'],
      ...(except.length > 0 ? { notResources: except } : { resources: ['*'] }),
      conditions: {
        StringNotEqualsIfExists: { [ConditionKey.PrincipalOrgId]: orgId },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  ]);
}
