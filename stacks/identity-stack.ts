import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { OrgModel } from '../org/model';
import { assumeGrants, groupAssumePolicies, permissionSetPolicy } from '../org/render';
import { SamlRole } from '../modules/saml-role';
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
  readonly samlRoles: readonly SamlRole[];

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
    // SAML roles: people signing in through a SAML identity provider land here, then assume their roles.
    this.samlRoles = model.assumers.flatMap((a) => (a.kind === 'saml-role' ? [a] : [])).map((saml) => {
      const construct = new SamlRole(this, `saml-role-${saml.name}`, { principal: saml.principal, policies: groupAssumePolicies(model, saml), maxSessionDuration: saml.maxSessionDuration });
      stableOutput(
        new TerraformOutput(construct, 'assumable-role-arns-output', literalStrings({ value: assumeGrants(model, saml).map((g) => g.roleArn).sort(), description: `Role ARNs the SAML role ${saml.name} may assume` })),
        'saml',
        'role',
        saml.name,
        'assumable',
        'role',
        'arns',
      );
      return construct;
    });
    // Permission sets: Identity Center holds their policies; this is the one that lets their people assume exactly their roles.
    for (const set of model.assumers) {
      if (set.kind !== 'permission-set') continue;
      const policy = permissionSetPolicy(model, set);
      if (!policy) continue;
      stableOutput(
        new TerraformOutput(this, `permission-set-${set.name}-policy-output`, literalStrings({
          value: policy.toString(),
          description: `Inline policy for the Identity Center permission set ${set.name}: allows sts:AssumeRole on exactly its roles (put it on the permission set, e.g. with aws_ssoadmin_permission_set_inline_policy)`,
        })),
        'permission',
        'set',
        set.name,
        'policy',
      );
    }
    if (model.guardrails.accessAnalyzer === 'account') addAccountAnalyzer(this, model, IDENTITY_STACK);
  }
}
