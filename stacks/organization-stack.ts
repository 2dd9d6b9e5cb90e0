import { Construct } from 'constructs';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { OrgModel } from '../org/model';
import { findRole } from '../org/lookup';
import { renderPerimeterPolicy } from '../policy/perimeter-policy';
import { AssumeRolePerimeter } from '../modules/assume-role-perimeter';
import { stableId } from '../modules/stable-id';
import { literalStrings } from '../modules/terraform-literal';
import { OrgStack, stackTarget } from './base-stack';
import { findAwsStack, ORGANIZATION_STACK_NAME } from '../org/hcp-terraform';

/** The name of the management account's stack. */
export const ORGANIZATION_STACK = ORGANIZATION_STACK_NAME;

/**
 * The management account: the role-assumption perimeter policy (an RCP) attached where the org file
 * says, and, when asked, an organization-wide IAM Access Analyzer.
 */
export class OrganizationStack extends OrgStack {
  constructor(scope: Construct, model: OrgModel) {
    const org = model.guardrails.organization!;
    super(scope, model, stackTarget(findAwsStack(model, ORGANIZATION_STACK)));
    const except = org.exceptRoles.map((name) => findRole(model, name));
    new AssumeRolePerimeter(this, 'perimeter', {
      name: `cross-account-iam-${model.organization}-assume-role-perimeter`,
      document: renderPerimeterPolicy(model.orgId!, except),
      targets: org.targets,
    });
    if (model.guardrails.accessAnalyzer === 'organization') {
      stableId(new AccessanalyzerAnalyzer(this, 'access-analyzer', literalStrings({ analyzerName: `cross-account-iam-${model.organization}`, type: 'ORGANIZATION' })), 'access', 'analyzer');
    }
  }
}
