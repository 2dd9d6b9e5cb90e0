import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { assumeGrants, groupAssumePolicies, OrgModel } from '../org/model';
import { AssumeRoleGroup } from '../modules/assume-role-group';
import { stableOutput } from '../modules/stable-id';
import { literalStrings } from '../modules/terraform-literal';
import { addAccountAnalyzer } from './account-stack';
import { OrgStack } from './base-stack';

/** The name of the identity account's stack. */
export const IDENTITY_STACK = 'identity';

/** The hub: one IAM group per group of the org file, allowed to assume exactly its granted roles. */
export class IdentityStack extends OrgStack {
  readonly groups: readonly AssumeRoleGroup[];

  constructor(scope: Construct, model: OrgModel) {
    super(scope, model, {
      stackName: IDENTITY_STACK,
      accountId: model.identityAccountId,
      region: model.region,
      environment: 'identity',
      deploymentRoleName: model.deployment.roleName,
      deploymentExternalId: model.deployment.externalId,
    });
    this.groups = model.groups.map((group) => {
      const grants = assumeGrants(model, group);
      const construct = new AssumeRoleGroup(this, `group-${group.name}`, {
        groupName: group.name,
        path: group.path,
        policies: groupAssumePolicies(model, group),
        adopt: group.adopt,
      });
      stableOutput(
        new TerraformOutput(
          construct,
          'assumable-role-arns-output',
          literalStrings({ value: grants.map((g) => g.roleArn).sort(), description: `Role ARNs members of ${group.name} may assume` }),
        ),
        'group',
        group.name,
        'assumable',
        'role',
        'arns',
      );
      return construct;
    });
    if (model.guardrails.accessAnalyzer === 'account') addAccountAnalyzer(this, model, IDENTITY_STACK);
  }
}
