/**
 * `guardrails` and the break-glass alerts: the perimeter needs the org id, its exceptions name
 * defined roles, an organization analyzer needs the organization stack, no role takes the name of
 * the app's alert forwarder, and the alerts of `alertOnAssume` roles have somewhere to go, in a
 * region EventBridge can publish to.
 */
import { ALERT_FORWARDER_ROLE } from '../../policy/alert-policies';
import type { OrgIssue } from '../errors';
import { CheckContext, didYouMean } from './context';

export function guardrailIssues({ file, roleNames, roleAccounts }: CheckContext): OrgIssue[] {
  const issues: OrgIssue[] = [];
  const guard = file.guardrails;
  if (guard?.organization && !file.orgId) {
    issues.push({ path: ['guardrails', 'organization'], message: 'needs orgId: the perimeter policy allows principals of your organization only. Fix: set orgId at the top of the file.' });
  }
  (guard?.organization?.exceptRoles ?? []).forEach((name, i) => {
    if (!file.roles?.[name]) issues.push({ path: ['guardrails', 'organization', 'exceptRoles', i], message: `role "${name}" is not defined under roles.${didYouMean(name, roleNames)} Fix: name a defined role.` });
  });
  if (guard?.accessAnalyzer === 'organization' && !guard.organization) {
    issues.push({ path: ['guardrails', 'accessAnalyzer'], message: 'an organization analyzer lives in the organization stack. Fix: add guardrails.organization (managementAccountId, targets), or use "account".' });
  }
  const alerting = Object.entries(file.roles ?? {}).filter(([, r]) => r.alertOnAssume).map(([n]) => n);
  // The role that forwards alerts of other regions is the app's own: no role of the file may take its name.
  for (const name of roleNames) {
    if (name.toLowerCase() === ALERT_FORWARDER_ROLE.toLowerCase()) {
      issues.push({ path: ['roles', name], at: 'key', message: `is the name of the role the app makes to forward break-glass alerts between regions (IAM role names are unique in an account, case-insensitively). Fix: rename the role.` });
    }
  }
  // EventBridge publishes to an SNS topic of its own region only: an alert rule elsewhere would send nothing.
  const topicRegion = guard?.alerts?.topicArn?.split(':')[3];
  if (topicRegion && alerting.length > 0) {
    const elsewhere = [...new Set(alerting.flatMap((n) => roleAccounts.get(n) ?? []))].filter((k) => (file.accounts[k]?.region ?? file.region) !== topicRegion);
    if (elsewhere.length > 0) {
      issues.push({
        path: ['guardrails', 'alerts', 'topicArn'],
        message: `is in ${topicRegion}, but roles with alertOnAssume live in ${elsewhere.join(', ')}, whose region differs: EventBridge publishes to a topic of its own region only, so their alerts would go nowhere. Fix: use guardrails.alerts.emails (a topic in each account's region), or put those accounts in ${topicRegion}.`,
      });
    }
  }
  if (alerting.length > 0 && !guard?.alerts?.emails?.length && !guard?.alerts?.topicArn) {
    issues.push({ path: ['roles', alerting[0], 'alertOnAssume'], message: 'has nowhere to send alerts. Fix: set guardrails.alerts.emails or guardrails.alerts.topicArn.' });
  }
  return issues;
}
