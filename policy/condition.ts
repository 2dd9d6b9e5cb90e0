/**
 * IAM condition blocks: operator -> context key -> value(s). Values are strings, as AWS stores them.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
export type Conditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** Sorts operators and keys so that the same conditions always render to the same JSON. */
export function normalizeConditions(conditions: Conditions): Conditions {
  const out: Record<string, Record<string, string | string[]>> = {};
  for (const op of Object.keys(conditions).sort()) {
    const keys = conditions[op];
    const names = Object.keys(keys).sort();
    if (names.length === 0) continue;
    out[op] = {};
    for (const key of names) {
      const v = keys[key];
      out[op][key] = typeof v === 'string' ? v : v.length === 1 ? v[0] : [...v];
    }
  }
  return out;
}

/** Joins condition blocks; the same operator and key in two blocks is a programming error. */
export function mergeConditions(...blocks: Conditions[]): Conditions {
  const out: Record<string, Record<string, string | readonly string[]>> = {};
  for (const block of blocks) {
    for (const [op, keys] of Object.entries(block)) {
      out[op] ??= {};
      for (const [key, value] of Object.entries(keys)) {
        if (key in out[op]) throw new Error(`Condition ${op} ${key} is set twice.`);
        out[op][key] = value;
      }
    }
  }
  return normalizeConditions(out);
}

/** Condition keys used by the generator, named once. */
export const ConditionKey = {
  MfaPresent: 'aws:MultiFactorAuthPresent',
  MfaAge: 'aws:MultiFactorAuthAge',
  PrincipalOrgId: 'aws:PrincipalOrgID',
  PrincipalArn: 'aws:PrincipalArn',
  SourceIp: 'aws:SourceIp',
  /** The region of the endpoint called (for STS: the regional endpoint's, us-east-1 for the global one). */
  RequestedRegion: 'aws:RequestedRegion',
  ExternalId: 'sts:ExternalId',
  SourceIdentity: 'sts:SourceIdentity',
  /** The source identity the calling session already carries (absent when none was set). */
  SessionSourceIdentity: 'aws:SourceIdentity',
  ResourceAccount: 'aws:ResourceAccount',
  /**
   * The AWS Organizations paths of the account that owns the resource (`o-xxx/r-xxxx/ou-a/ou-b/`);
   * absent when that account is in no organization. Multivalued: compared with `ForAnyValue:`.
   */
  ResourceOrgPaths: 'aws:ResourceOrgPaths',
  /** The time of the request (UTC), compared with the Date operators. */
  CurrentTime: 'aws:CurrentTime',
  /** The SAML assertion's audience: the AWS sign-in endpoint the IdP posts to. */
  SamlAudience: 'SAML:aud',
} as const;

/**
 * The condition keys of an OIDC provider's tokens: `<issuer host and path>:aud` and `:sub`
 * (`token.actions.githubusercontent.com:sub`).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
export function oidcConditionKey(issuerHostPath: string, claim: 'aud' | 'sub'): string {
  return `${issuerHostPath}:${claim}`;
}

/** The condition operators the generator writes, named once for the policy and the review code. */
export const ConditionOperator = {
  Bool: 'Bool',
  BoolIfExists: 'BoolIfExists',
  Null: 'Null',
  StringEquals: 'StringEquals',
  StringLike: 'StringLike',
  ArnEquals: 'ArnEquals',
  ArnLike: 'ArnLike',
  IpAddress: 'IpAddress',
  NumericLessThan: 'NumericLessThan',
  NumericLessThanEquals: 'NumericLessThanEquals',
  NumericGreaterThanEquals: 'NumericGreaterThanEquals',
  DateLessThan: 'DateLessThan',
  ForAnyValueStringLike: 'ForAnyValue:StringLike',
} as const;

/**
 * The condition that ends a grant: the request is made before `until` (UTC, RFC 3339). At `until`
 * and after, the statement no longer applies.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-currenttime
 */
export function endsAt(until: string | undefined): Conditions {
  return until === undefined ? {} : { [ConditionOperator.DateLessThan]: { [ConditionKey.CurrentTime]: until } };
}

/** `Until20270331T235959Z`: the Sid suffix of a statement that ends at `until` (Sids take letters and digits only). */
export function endSidSuffix(until: string): string {
  return `Until${until.replace(/[^A-Za-z0-9]/g, '')}`;
}
