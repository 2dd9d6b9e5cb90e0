/**
 * Runs the cross-reference checks of the org file (what the schema cannot see: references between
 * sections, uniqueness, who is inside the org), in the order below, then builds the model.
 * `resolveOrgFile` (at the end) is the entry point: it first turns organizational units and the
 * long form of grants into account keys (org/organizational-units.ts, with their own checks).
 *
 * To add a rule: put it in the check of its family in org/checks/ (one file per family, each
 * opening with what it checks), or add a new `<family>.ts` there exporting a `FileCheck`
 * (`(ctx) => OrgIssue[]`, see checks/context.ts for the shared lookups) and list it in `FILE_CHECKS`
 * below. Test it alone in __tests__/org/checks/<family>.test.ts. Rules that need the resolved model
 * go in `MODEL_CHECKS`; quota checks on the rendered policies are in org/quotas.ts.
 */
import { buildModel } from './build-model';
import { accountIssues } from './checks/accounts';
import { awsValueIssues } from './checks/aws-values';
import { CheckContext, checkContext, FileCheck, ModelCheck } from './checks/context';
import { denyListIssues } from './checks/deny-lists';
import { grantIssues } from './checks/grants';
import { guardrailIssues } from './checks/guardrails';
import { hcpTerraformFileIssues, hcpTerraformModelIssues } from './checks/hcp-terraform';
import { iamNameIssues } from './checks/iam-names';
import { identityProviderIssues } from './checks/identity-providers';
import { lintSuppressionIssues } from './checks/lint-suppressions';
import { roleIssues, roleWarnings } from './checks/roles';
import { OrgIssue } from './errors';
import { OrgModel } from './model';
import { grantClock } from './grant-end';
import { annotateModel, ExpandedOrgFile, expandGrants } from './organizational-units';
import type { OrgFile } from './schema';

/**
 * The checks of the file, in the order their issues are listed. The loader sorts issues by line
 * and column (a stable sort), so this order shows only between issues at the same place: a role
 * key that differs from another only in case (iam-names) and lives in no account (roles) and takes
 * the alert forwarder's name (guardrails) gets the three in that order. A new family goes last
 * unless its issues should come first at such a place.
 */
export const FILE_CHECKS: readonly FileCheck[] = [
  awsValueIssues,
  accountIssues,
  iamNameIssues,
  grantIssues,
  denyListIssues,
  identityProviderIssues,
  roleIssues,
  lintSuppressionIssues,
  guardrailIssues,
  hcpTerraformFileIssues,
];

/** The checks of the model, run once the file checks pass and the model is built. */
export const MODEL_CHECKS: readonly ModelCheck[] = [hcpTerraformModelIssues];

/** What a valid file allows but likely does not mean: shown, never refused. */
export const MODEL_WARNINGS: readonly ModelCheck[] = [roleWarnings];

/**
 * Checks what the schema cannot and resolves defaults. Returns every issue found, or the model
 * (with its warnings) when there is none.
 */
export function resolveOrg(file: ExpandedOrgFile, sourceFile: string): { model?: Omit<OrgModel, 'warnings'>; issues: OrgIssue[]; warnings: OrgIssue[] } {
  const ctx: CheckContext = checkContext(file, sourceFile);
  const issues = FILE_CHECKS.flatMap((check) => check(ctx));
  if (issues.length > 0) return { issues, warnings: [] };
  const model = buildModel(ctx);
  const warnings = MODEL_WARNINGS.flatMap((check) => check(model, ctx));
  const modelIssues = MODEL_CHECKS.flatMap((check) => check(model, ctx));
  return modelIssues.length > 0 ? { issues: modelIssues, warnings } : { issues: [], warnings, model };
}

/**
 * The whole of it for an org file as the schema parsed it: organizational units and the long form of
 * grants first (org/organizational-units.ts checks them and turns every grant into account keys,
 * the form the checks above read), then `resolveOrg`, then the model gets back each grant's unit and
 * end. `now` decides which grants have ended.
 */
export function resolveOrgFile(file: OrgFile, sourceFile: string, now: Date = grantClock()): { model?: Omit<OrgModel, 'warnings'>; issues: OrgIssue[]; warnings: OrgIssue[] } {
  const expanded = expandGrants(file, now);
  const { model, issues, warnings } = resolveOrg(expanded.file, sourceFile);
  const all = { issues: [...expanded.issues, ...issues], warnings: [...expanded.warnings, ...warnings] };
  return model && all.issues.length === 0 ? { ...all, model: annotateModel(model, file, expanded) } : all;
}
