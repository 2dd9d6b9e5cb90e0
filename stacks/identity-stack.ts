import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { GroupModel, OrgModel, SamlRoleModel } from '../org/model';
import { assumeGrants, groupAssumePolicies, permissionSetPolicy } from '../org/render';
import { SamlRole } from '../modules/saml-role';
import { AssumeRoleGroup } from '../modules/assume-role-group';
import { namedOutput, perNameOutputIsSafe, stableOutput } from '../modules/stable-id';
import { literalStrings } from '../modules/terraform-literal';
import { addAccountAnalyzer } from './account-stack';
import { OrgStack, stackTarget } from './base-stack';
import { findAwsStack, IDENTITY_STACK_NAME } from '../org/hcp-terraform';

/** The name of the identity account's stack. */
export const IDENTITY_STACK = IDENTITY_STACK_NAME;

/** The hub: one IAM group per group of the org file, allowed to assume exactly its granted roles. */
export class IdentityStack extends OrgStack {
  readonly groups: readonly AssumeRoleGroup[];
  readonly samlRoles: readonly SamlRole[];

  constructor(scope: Construct, model: OrgModel) {
    super(scope, model, stackTarget(findAwsStack(model, IDENTITY_STACK)));
    // The role ARNs each group and SAML role may assume: both their per-name outputs and the maps below.
    const assumable = (a: GroupModel | SamlRoleModel) => assumeGrants(model, a).map((g) => g.roleArn).sort();
    const groupArns = Object.fromEntries(model.groups.map((g) => [g.name, assumable(g)]));
    this.groups = model.groups.map((group) => {
      const construct = new AssumeRoleGroup(this, `group-${group.name}`, {
        groupName: group.name,
        path: group.path,
        policies: groupAssumePolicies(model, group),
        adopt: group.adopt,
      });
      // Per-name outputs, kept for readers of earlier versions (the maps below are the ones to read).
      if (!perNameOutputIsSafe(group.name, Object.keys(groupArns))) return construct;
      stableOutput(
        new TerraformOutput(
          construct,
          'assumable-role-arns-output',
          literalStrings({ value: groupArns[group.name], description: `Role ARNs members of ${group.name} may assume` }),
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
    const samlRoles = model.assumers.flatMap((a) => (a.kind === 'saml-role' ? [a] : []));
    const samlArns = Object.fromEntries(samlRoles.map((r) => [r.name, assumable(r)]));
    this.samlRoles = samlRoles.map((saml) => {
      const construct = new SamlRole(this, `saml-role-${saml.name}`, { principal: saml.principal, policies: groupAssumePolicies(model, saml), maxSessionDuration: saml.maxSessionDuration });
      if (!perNameOutputIsSafe(saml.name, Object.keys(samlArns))) return construct;
      stableOutput(
        new TerraformOutput(construct, 'assumable-role-arns-output', literalStrings({ value: samlArns[saml.name], description: `Role ARNs the SAML role ${saml.name} may assume` })),
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
    const permissionSets = model.assumers.flatMap((a) => (a.kind === 'permission-set' ? [a] : []));
    const setNames = permissionSets.map((p) => p.name);
    const setPolicies: Record<string, string> = {};
    for (const set of permissionSets) {
      const policy = permissionSetPolicy(model, set);
      if (!policy) continue;
      setPolicies[set.name] = policy.toString();
      if (!perNameOutputIsSafe(set.name, setNames)) continue;
      stableOutput(
        new TerraformOutput(this, `permission-set-${set.name}-policy-output`, literalStrings({
          value: setPolicies[set.name],
          description: `Inline policy for the Identity Center permission set ${set.name}: allows sts:AssumeRole on exactly its roles (put it on the permission set, e.g. with aws_ssoadmin_permission_set_inline_policy)`,
        })),
        'permission',
        'set',
        set.name,
        'policy',
      );
    }
    // The outputs to read, keyed by the real name: terraform output -json permission_set_policies | jq -r '."Dev_Admins"'.
    if (this.groups.length > 0) namedOutput(this, 'group_assumable_role_arns', groupArns, 'Role ARNs the members of each group may assume, by group name');
    // Grants by organizational unit name their role in any account (arn:aws:iam::*:role/...): which accounts is the units' paths.
    const unitGrants = Object.fromEntries(
      model.assumers
        .filter((a) => a.unitGrants?.length && (a.kind === 'iam-group' || a.kind === 'saml-role' || a.kind === 'permission-set'))
        .map((a) => [a.name, Object.fromEntries(assumeGrants(model, a).flatMap((g) => (g.orgPaths ? [[g.roleArn, [...g.orgPaths].sort()]] : [])))]),
    );
    if (Object.keys(unitGrants).length > 0) {
      namedOutput(this, 'assumable_roles_by_organizational_unit', unitGrants, 'Roles each group, SAML role and permission set may assume by organizational unit: the role (in any account) and the aws:ResourceOrgPaths of the units whose accounts it reaches');
    }
    if (samlRoles.length > 0) namedOutput(this, 'saml_role_assumable_role_arns', samlArns, 'Role ARNs each SAML role may assume, by SAML role name');
    if (Object.keys(setPolicies).length > 0) {
      namedOutput(this, 'permission_set_policies', setPolicies, 'Inline policy of each Identity Center permission set, by permission set name: put it on the set (aws_ssoadmin_permission_set_inline_policy)');
    }
    if (model.guardrails.accessAnalyzer === 'account') addAccountAnalyzer(this, model, IDENTITY_STACK);
  }
}
