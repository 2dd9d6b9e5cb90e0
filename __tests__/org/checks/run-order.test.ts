/**
 * How org/resolve.ts runs the checks: every family in one list, in a fixed order that shows where
 * several problems fall on the same line and column; the model only from a file that passes.
 */
import { parseOrg } from '../../../org/load';
import { OrgConfigError } from '../../../org/errors';
import { FILE_CHECKS, MODEL_CHECKS, MODEL_WARNINGS, resolveOrg } from '../../../org/resolve';
import { BASE } from '../../helpers/base-org';
import { expandedFile } from '../../helpers/check-context';

test('the file checks run in this order, then the model checks and warnings', () => {
  expect(FILE_CHECKS.map((c) => c.name)).toEqual([
    'awsValueIssues',
    'accountIssues',
    'iamNameIssues',
    'grantIssues',
    'denyListIssues',
    'identityProviderIssues',
    'roleIssues',
    'lintSuppressionIssues',
    'guardrailIssues',
    'hcpTerraformFileIssues',
  ]);
  expect(MODEL_CHECKS.map((c) => c.name)).toEqual(['hcpTerraformModelIssues']);
  expect(MODEL_WARNINGS.map((c) => c.name)).toEqual(['roleWarnings']);
});

test('GIVEN a file with issues THEN resolveOrg returns them, every family\'s, and no model', () => {
  const result = resolveOrg(expandedFile({ accounts: {}, groups: { developers: { assume: { Nope: '*' } } } }), 'org.yaml');
  expect(result.model).toBeUndefined();
  expect(result.issues.map((i) => i.path.join('.'))).toEqual(['accounts', 'roles.Admin.accounts.0', 'groups.developers.assume.Nope']);
});

test('GIVEN three problems at one key THEN they are listed in the order of their checks: iam-names, roles, guardrails', () => {
  const text = BASE.replace('roles:\n', 'roles:\n  cross-account-iam-alert-forwarder: { managedPolicies: [ReadOnlyAccess] }\n  Cross-Account-Iam-Alert-Forwarder: { managedPolicies: [ReadOnlyAccess] }\n');
  let problems: string[] = [];
  try {
    parseOrg(text, 'org.yaml');
  } catch (err) {
    problems = (err as OrgConfigError).problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
  }
  const FORWARDER = 'is the name of the role the app makes to forward break-glass alerts between regions (IAM role names are unique in an account, case-insensitively). Fix: rename the role.';
  const NOWHERE = 'lives in no account: it has no accounts key and no group grants it. Fix: add accounts: [..] or "*", or grant it under groups.';
  expect(problems).toEqual([
    `9:3 roles.cross-account-iam-alert-forwarder: ${NOWHERE}`,
    `9:3 roles.cross-account-iam-alert-forwarder: ${FORWARDER}`,
    '10:3 roles.Cross-Account-Iam-Alert-Forwarder: IAM role names are case-insensitive: "Cross-Account-Iam-Alert-Forwarder" and "cross-account-iam-alert-forwarder" are the same role. Fix: rename one.',
    `10:3 roles.Cross-Account-Iam-Alert-Forwarder: ${NOWHERE}`,
    `10:3 roles.Cross-Account-Iam-Alert-Forwarder: ${FORWARDER}`,
  ]);
});
