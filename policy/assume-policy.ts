import { ConditionKey, Conditions, mergeConditions } from './condition';
import { PolicyDocument } from './document';
import { PolicyStatement } from './statement';
import { ASSUME_ROLE, mfaConditions, SET_SOURCE_IDENTITY, TAG_SESSION, trustActions } from './trust-policy';

/** One role a group may assume, with the conditions the role's trust will ask for. */
export interface AssumeGrant {
  readonly roleArn: string;
  readonly mfa: boolean;
  readonly mfaMaxAgeSeconds?: number;
  readonly sessionTags: boolean;
  readonly sourceIdentity: boolean;
}

const ACTION_SID: Record<string, string> = {
  [ASSUME_ROLE]: 'AssumeRole',
  [TAG_SESSION]: 'TagSession',
  [SET_SOURCE_IDENTITY]: 'SetSourceIdentity',
};

/**
 * The identity side of the grants: statements that allow exactly the listed role ARNs, grouped by
 * action and condition so the policy stays short. MFA is required here too wherever the role's
 * trust requires it, so a session without MFA is refused by both halves.
 * A source identity may only be set to the caller's own user name, so CloudTrail names the person.
 */
export function renderAssumeStatements(grants: readonly AssumeGrant[]): PolicyStatement[] {
  const byKey = new Map<string, { sid: string; action: string; conditions: Conditions; arns: Set<string> }>();
  for (const grant of grants) {
    const mfa = mfaConditions(grant.mfa, grant.mfaMaxAgeSeconds);
    const mfaLabel = grant.mfa ? `WithMfa${grant.mfaMaxAgeSeconds === undefined ? '' : `MaxAge${grant.mfaMaxAgeSeconds}`}` : '';
    for (const action of trustActions(grant)) {
      const conditions =
        action === SET_SOURCE_IDENTITY
          ? mergeConditions(mfa, { StringEquals: { [ConditionKey.SourceIdentity]: '${aws:username}' } })
          : mfa;
      const sid = `${ACTION_SID[action]}${mfaLabel}`;
      const entry = byKey.get(sid) ?? { sid, action, conditions, arns: new Set<string>() };
      entry.arns.add(grant.roleArn);
      byKey.set(sid, entry);
    }
  }
  return [...byKey.values()]
    .sort((a, b) => a.sid.localeCompare(b.sid))
    .map((e) => new PolicyStatement({ sid: e.sid, actions: [e.action], resources: [...e.arns].sort(), conditions: e.conditions }));
}

/** The group's assume-role policies; none when the group has no grant. */
export function renderAssumePolicies(grants: readonly AssumeGrant[]): PolicyDocument[] {
  if (grants.length === 0) return [];
  return [new PolicyDocument(renderAssumeStatements(grants))];
}
