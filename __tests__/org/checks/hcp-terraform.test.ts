/** The HCP Terraform checks alone: of the file (backend, stack names, role names, OIDC providers), and of the model (deployer role names taken). */
import { buildModel } from '../../../org/build-model';
import { hcpTerraformFileIssues, hcpTerraformModelIssues } from '../../../org/checks/hcp-terraform';
import { contextOf } from '../../helpers/check-context';

const CLOUD = { backend: { type: 'cloud', organization: 'acme-platform', project: 'cross-account-iam' }, hcpTerraform: {} };

describe('hcpTerraformFileIssues', () => {
  test('GIVEN no hcpTerraform THEN nothing is checked; GIVEN a cloud backend with a project THEN nothing is wrong', () => {
    expect(hcpTerraformFileIssues(contextOf({ accounts: { workspaces: { accountId: '222222222222' } }, roles: undefined, groups: undefined }))).toEqual([]);
    expect(hcpTerraformFileIssues(contextOf({ deployment: CLOUD }))).toEqual([]);
  });

  test('GIVEN hcpTerraform without a cloud backend THEN the key is refused', () => {
    expect(hcpTerraformFileIssues(contextOf({ deployment: { hcpTerraform: {} } }))).toEqual([
      {
        path: ['deployment', 'hcpTerraform'],
        at: 'key',
        message:
          "needs deployment.backend of type cloud: each stack runs in its own HCP Terraform workspace, and the roles trust that workspace's runs. Fix: set deployment.backend to { type: cloud, organization: <your HCP Terraform organization>, project: <its project> }.",
      },
    ]);
  });

  test('GIVEN an account named as a stack of the mode, and one plan and apply role name THEN each is refused', () => {
    const ctx = contextOf({ deployment: { ...CLOUD, hcpTerraform: { planRoleName: 'd-{stack}', applyRoleName: 'D-{stack}' } }, accounts: { dev: { accountId: '222222222222' }, 'bootstrap-x': { accountId: '666666666666' } } });
    expect(hcpTerraformFileIssues(ctx)).toEqual([
      { path: ['accounts', 'bootstrap-x'], at: 'key', message: '"bootstrap-x" is the name of a stack HCP Terraform mode makes itself (workspaces, bootstrap-<stack>). Fix: rename the account, e.g. boot-x-account.' },
      { path: ['deployment', 'hcpTerraform', 'applyRoleName'], message: "is the plan role's name too: a plan must never get the apply role's writes. Fix: give the two roles different names, e.g. tfc-plan-{stack} and tfc-apply-{stack}." },
    ]);
  });
});

describe('hcpTerraformModelIssues', () => {
  test('GIVEN a role named as the deployer of its account\'s stack, and a SAML role as one of the identity stack THEN both keys are refused', () => {
    const ctx = contextOf({
      deployment: CLOUD,
      roles: { Admin: { accounts: ['dev'] }, 'TFC-apply-dev': { accounts: ['dev'] }, 'tfc-plan-prod': { accounts: ['dev'] } },
      samlRoles: { 'tfc-plan-identity': { provider: 'Okta', assume: {} } },
    });
    expect(hcpTerraformModelIssues(buildModel(ctx))).toEqual([
      {
        path: ['roles', 'TFC-apply-dev'],
        at: 'key',
        message: 'is also the name of tfc-apply-dev (the HCP Terraform deployer of stack dev) in account dev; IAM role names are unique in an account, case-insensitively. Fix: rename the role, or set deployment.hcpTerraform.planRoleName / applyRoleName.',
      },
      {
        path: ['samlRoles', 'tfc-plan-identity'],
        at: 'key',
        message: 'is also the name of tfc-plan-identity (the HCP Terraform deployer of stack identity) in the identity account; IAM role names are unique in an account, case-insensitively. Fix: rename the SAML role, or set deployment.hcpTerraform.planRoleName / applyRoleName.',
      },
    ]);
  });
});
