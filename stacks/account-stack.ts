import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { AccountModel, OrgModel, RoleModel, rolesIn, roleSwitchUrl, roleTrustPolicy } from '../org/model';
import { CrossAccountRole } from '../modules/cross-account-role';
import { terraformId } from '../modules/terraform-id';
import { OrgStack } from './base-stack';

const inlineJson = new WeakMap<RoleModel, Record<string, string>>();
/** The role's inline policies as JSON, written once for all the accounts it lives in. */
function inlinePolicyJson(role: RoleModel): Record<string, string> {
  let json = inlineJson.get(role);
  if (!json) {
    json = Object.fromEntries(role.inlinePolicies.map((p) => [p.name, JSON.stringify(p.document)]));
    inlineJson.set(role, json);
  }
  return json;
}

/** A member account: the roles that live there, each trusting the identity account or its named principals. */
export class AccountStack extends OrgStack {
  readonly roles: readonly CrossAccountRole[];

  constructor(scope: Construct, model: OrgModel, readonly account: AccountModel) {
    super(scope, model, {
      stackName: account.key,
      accountId: account.accountId,
      region: account.region,
      environment: account.environment,
      tags: account.tags,
    });
    this.roles = rolesIn(model, account.key).map((role) => {
      const construct = new CrossAccountRole(this, role.name, {
        roleName: role.name,
        path: role.path,
        description: role.description,
        trustPolicy: roleTrustPolicy(role),
        managedPolicyArns: role.managedPolicyArns,
        inlinePolicies: inlinePolicyJson(role),
        permissionsBoundary: role.permissionsBoundaryArn,
        maxSessionDuration: role.maxSessionDuration,
        tags: role.tags,
      });
      new TerraformOutput(this, terraformId('role', role.name, 'arn'), {
        value: construct.arn,
        description: `ARN of ${role.name} in ${account.key}`,
      }).overrideLogicalId(terraformId('role', role.name, 'arn'));
      new TerraformOutput(this, terraformId('role', role.name, 'switch_role_url'), {
        value: roleSwitchUrl(account, role),
        description: `Console link that switches into ${role.name} in ${account.key}`,
      }).overrideLogicalId(terraformId('role', role.name, 'switch_role_url'));
      return construct;
    });
  }
}

