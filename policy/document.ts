import { PolicyStatement } from './statement';

/** The IAM policy language version every generated document uses. */
export const POLICY_VERSION = '2012-10-17';

/**
 * An IAM policy document. Rendered in one place, so the JSON a reviewer reads in the synthesized
 * stack is exactly what AWS stores, and its size is known before Terraform runs.
 */
export class PolicyDocument {
  readonly statements: readonly PolicyStatement[];

  constructor(statements: readonly PolicyStatement[]) {
    const sids = new Set<string>();
    for (const s of statements) {
      if (sids.has(s.sid)) throw new Error(`Statement id ${s.sid} is used twice in one policy.`);
      sids.add(s.sid);
    }
    this.statements = statements;
  }

  toJSON(): { Version: string; Statement: Record<string, unknown>[] } {
    return { Version: POLICY_VERSION, Statement: this.statements.map((s) => s.toJSON()) };
  }

  /** Compact JSON, as written into the Terraform JSON. */
  toString(): string {
    return JSON.stringify(this.toJSON());
  }

  /** Characters IAM counts against its quotas: white space is not counted. */
  get size(): number {
    return policySize(this.toString());
  }
}

/**
 * IAM's size of a policy: its characters without white space.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
 */
export function policySize(json: string): number {
  return json.replace(/\s/g, '').length;
}
