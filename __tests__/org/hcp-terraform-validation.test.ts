/**
 * `deployment.hcpTerraform` mistakes: exact message, line and column, nothing written.
 */
import { parseOrg } from '../../org/load';
import { refusedProblems } from '../helpers/refuse';
import { BASE } from '../helpers/base-org';

/** BASE with a deployment section (lines 5 on), before `accounts:`. */
const withDeployment = (deployment: string, base = BASE) => base.replace('accounts:\n', `deployment:\n${deployment}accounts:\n`);
const CLOUD = '  backend:\n    type: cloud\n    organization: acme-platform\n    project: cross-account-iam\n';
const HCP = '  hcpTerraform: {}\n';

describe('deployment.hcpTerraform: refused with line, key and fix', () => {
  test('without a cloud backend', async () => {
    expect(await refusedProblems(withDeployment(HCP))).toEqual([
      '6:3 deployment.hcpTerraform: needs deployment.backend of type cloud: each stack runs in its own HCP Terraform workspace, and the roles trust that workspace\'s runs. Fix: set deployment.backend to { type: cloud, organization: <your HCP Terraform organization>, project: <its project> }.',
    ]);
  });

  test('without a project, which every run subject names', async () => {
    expect(await refusedProblems(withDeployment('  backend:\n    type: cloud\n    organization: acme-platform\n' + HCP))).toEqual([
      '7:5 deployment.backend: needs project with deployment.hcpTerraform: a run\'s token names its project, and each role trusts exactly one. Fix: add project: <the project of the workspaces>, e.g. project: cross-account-iam.',
    ]);
  });

  test('a project or organization name HCP Terraform refuses, or that would break the subject', async () => {
    expect(await refusedProblems(withDeployment(CLOUD.replace('project: cross-account-iam', 'project: "iam:prod"').replace('organization: acme-platform', 'organization: "acme platform"') + HCP))).toEqual([
      '8:19 deployment.backend.organization: "acme platform" is not an HCP Terraform organization name, which uses only letters, digits, "_" and "-". Fix: write the organization\'s name as HCP Terraform shows it.',
      '9:14 deployment.backend.project: "iam:prod" is not an HCP Terraform project name (1 to 40 letters, digits, spaces, "_" and "-"), and ":" would break the token\'s subject. Fix: use such a name.',
    ]);
  });

  test('a workspace pattern that makes names HCP Terraform refuses', async () => {
    expect(await refusedProblems(withDeployment(CLOUD + '    workspacePattern: "iam.{stack}"\n' + HCP))).toEqual([
      '10:23 deployment.backend.workspacePattern: makes workspace names HCP Terraform refuses: "iam.identity", "iam.dev", "iam.prod" and 1 more (letters, digits, "_" and "-", at most 90 characters). Fix: use such characters in workspacePattern, or shorten it.',
    ]);
  });

  test('a Terraform Enterprise hostname IAM would refuse in an OIDC provider URL', async () => {
    const problems = await refusedProblems(withDeployment(CLOUD.replace('    organization: acme-platform\n', '    organization: acme-platform\n    hostname: "TFE.example.com:8443"\n') + HCP));
    expect(problems).toEqual([expect.stringMatching(/^\d+:\d+ deployment\.backend\.hostname: "TFE\.example\.com:8443" is not a host name IAM takes for an OIDC provider URL \(lowercase, no scheme, no port, no path\)\. Fix: write the host alone, e\.g\. tfe\.example\.com\.$/)]);
  });

  test('an account named as a stack the mode makes', async () => {
    const base = BASE.replace('  prod: { accountId: "444444444444" }\n', '  prod: { accountId: "444444444444" }\n  workspaces: { accountId: "555555555555" }\n  bootstrap-x: { accountId: "666666666666" }\n');
    expect(await refusedProblems(withDeployment(CLOUD + HCP, base))).toEqual([
      '14:3 accounts.workspaces: "workspaces" is the name of a stack HCP Terraform mode makes itself (workspaces, bootstrap-<stack>). Fix: rename the account, e.g. workspaces-account.',
      '15:3 accounts.bootstrap-x: "bootstrap-x" is the name of a stack HCP Terraform mode makes itself (workspaces, bootstrap-<stack>). Fix: rename the account, e.g. boot-x-account.',
    ]);
  });

  test('role name patterns: without {stack}, the same for both roles, or too long for an account key', async () => {
    expect(await refusedProblems(withDeployment(CLOUD + '  hcpTerraform:\n    planRoleName: tfc-plan\n'))).toEqual([
      '11:19 deployment.hcpTerraform.planRoleName: must contain {stack}: an account can hold several stacks (identity, organization, a member), each with its own roles. Fix: add {stack}, e.g. "tfc-apply-{stack}"',
    ]);
    expect(await refusedProblems(withDeployment(CLOUD + '  hcpTerraform:\n    planRoleName: "d-{stack}"\n    applyRoleName: "D-{stack}"\n'))).toEqual([
      '12:20 deployment.hcpTerraform.applyRoleName: is the plan role\'s name too: a plan must never get the apply role\'s writes. Fix: give the two roles different names, e.g. tfc-plan-{stack} and tfc-apply-{stack}.',
    ]);
    const long = 'a'.repeat(60);
    expect(await refusedProblems(withDeployment(CLOUD + HCP, BASE.replace('  prod: {', `  ${long}: {`).replace('Admin: [dev]', `Admin: [dev]`)))).toEqual([
      `10:17 deployment.hcpTerraform: makes role name longer than the 64 characters IAM allows: tfc-plan-${long}. Fix: set a shorter planRoleName, e.g. "p-{stack}", or shorten the account key.`,
      `10:17 deployment.hcpTerraform: makes role name longer than the 64 characters IAM allows: tfc-apply-${long}. Fix: set a shorter applyRoleName, e.g. "a-{stack}", or shorten the account key.`,
    ]);
  });

  test('a role of the file with a deployer role\'s name in the same account', async () => {
    const base = BASE.replace('  Admin:\n', '  tfc-apply-dev:\n    accounts: [dev]\n    managedPolicies: [ReadOnlyAccess]\n  Admin:\n');
    expect(await refusedProblems(withDeployment(CLOUD + HCP, base))).toEqual([
      '15:3 roles.tfc-apply-dev: is also the name of tfc-apply-dev (the HCP Terraform deployer of stack dev) in account dev; IAM role names are unique in an account, case-insensitively. Fix: rename the role, or set deployment.hcpTerraform.planRoleName / applyRoleName.',
    ]);
  });

  test('an oidc entry for the HCP Terraform issuer that would make a second provider', async () => {
    const base = BASE + 'oidc:\n  tfc:\n    issuer: https://app.terraform.io\n    audiences: [aws.workload.identity]\n    subjects: ["organization:acme-platform:project:x:workspace:y:run_phase:apply"]\n    assume:\n      Admin: [dev]\n';
    expect(await refusedProblems(withDeployment(CLOUD + HCP, base))).toEqual([
      '24:5 oidc.tfc: would make a second OIDC provider of https://app.terraform.io where the HCP Terraform bootstrap makes one (IAM allows one per issuer and account). Fix: set oidcProvider: existing here.',
    ]);
  });

  test('the defaults: project and organization from the cloud backend, app.terraform.io, its audience, tfc-plan/apply-{stack} under /hcp-terraform/', () => {
    expect(parseOrg(withDeployment(CLOUD + HCP), 'org.yaml').deployment.hcpTerraform).toEqual({
      organization: 'acme-platform',
      project: 'cross-account-iam',
      hostname: 'app.terraform.io',
      audience: 'aws.workload.identity',
      oidcProvider: 'create',
      planRoleName: 'tfc-plan-{stack}',
      applyRoleName: 'tfc-apply-{stack}',
      rolePath: '/hcp-terraform/',
      adoptRoles: false,
      bootstrapBackend: { type: 'local' },
      workspaceTags: {},
    });
  });
});
