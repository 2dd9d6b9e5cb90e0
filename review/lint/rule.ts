/**
 * The shape of a lint rule and its findings: what a rule sees (the synthesized org and its access),
 * where a finding points, and its level.
 */
import { AccessReport, PeopleKind, PrincipalKind } from '../access';
import { SynthesizedOrg } from '../artifact';

export type LintLevel = 'error' | 'warning' | 'note';

/** What a rule looks at: the synthesized org and the access read from it. */
export interface LintContext {
  readonly synth: SynthesizedOrg;
  readonly access: AccessReport;
  /** Account ids inside the org: the identity account and every synthesized member account. */
  readonly orgAccountIds: ReadonlySet<string>;
}

/**
 * Where a finding is: a role in an account stack, or people in the identity stack. `group` names the
 * group, permission set or SAML role (`kind` says which; an IAM group when absent), so a suppression's
 * `group:` matches any of them by name.
 */
export interface FindingTarget {
  readonly stack: string;
  readonly role?: string;
  readonly group?: string;
  /** The kind of assumer the finding is about, when it is not an IAM group (or a role alone). */
  readonly kind?: PeopleKind | PrincipalKind;
  /** A web identity: the GitHub repository (`acme/infra`), or the OIDC issuer (`gitlab.example.com`). */
  readonly assumer?: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly level: LintLevel;
  readonly message: string;
  readonly target: FindingTarget;
}

/** One security rule: a small pure function with an id, a level, why it matters and the fix. */
export interface LintRule {
  readonly id: string;
  readonly name: string;
  /** One line: what is wrong (SARIF shortDescription). */
  readonly title: string;
  readonly level: LintLevel;
  readonly description: string;
  readonly fix: string;
  check(ctx: LintContext): Omit<Finding, 'ruleId' | 'level'>[];
}
