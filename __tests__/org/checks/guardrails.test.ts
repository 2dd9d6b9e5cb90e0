/** The guardrails check alone: the perimeter, the analyzer, the alert forwarder's name, and where break-glass alerts go. */
import { guardrailIssues } from '../../../org/checks/guardrails';
import { contextOf } from '../../helpers/check-context';

const ORGANIZATION = { managementAccountId: '999999999999', targets: ['r-abcd'] };
const breakGlass = { roles: { Admin: { accounts: ['dev'] }, BreakGlass: { accounts: ['dev', 'prod'], alertOnAssume: true } } };

describe('guardrailIssues', () => {
  test('GIVEN a perimeter with orgId, defined exceptions, an organization analyzer and alert emails THEN nothing is wrong', () => {
    const ctx = contextOf({ ...breakGlass, orgId: 'o-a1b2c3d4e5', guardrails: { organization: { ...ORGANIZATION, exceptRoles: ['Admin'] }, accessAnalyzer: 'organization', alerts: { emails: ['sec@example.com'] } } });
    expect(guardrailIssues(ctx)).toEqual([]);
  });

  test('GIVEN a perimeter without orgId, an undefined exception and an organization analyzer without the organization stack THEN each is refused, in that order', () => {
    expect(guardrailIssues(contextOf({ guardrails: { organization: { ...ORGANIZATION, exceptRoles: ['Admin', 'admn'] } } }))).toEqual([
      { path: ['guardrails', 'organization'], message: 'needs orgId: the perimeter policy allows principals of your organization only. Fix: set orgId at the top of the file.' },
      { path: ['guardrails', 'organization', 'exceptRoles', 1], message: 'role "admn" is not defined under roles. Did you mean "Admin"? Fix: name a defined role.' },
    ]);
    expect(guardrailIssues(contextOf({ guardrails: { accessAnalyzer: 'organization' } }))).toEqual([
      { path: ['guardrails', 'accessAnalyzer'], message: 'an organization analyzer lives in the organization stack. Fix: add guardrails.organization (managementAccountId, targets), or use "account".' },
    ]);
  });

  test('GIVEN a role named like the app\'s alert forwarder, whatever the case, THEN its key is refused', () => {
    expect(guardrailIssues(contextOf({ roles: { Admin: { accounts: ['dev'] }, 'Cross-Account-IAM-Alert-Forwarder': { accounts: ['dev'] } } }))).toEqual([
      {
        path: ['roles', 'Cross-Account-IAM-Alert-Forwarder'],
        at: 'key',
        message: 'is the name of the role the app makes to forward break-glass alerts between regions (IAM role names are unique in an account, case-insensitively). Fix: rename the role.',
      },
    ]);
  });

  test('GIVEN break-glass roles and no alert destination THEN the first such role\'s alertOnAssume is refused', () => {
    expect(guardrailIssues(contextOf(breakGlass))).toEqual([{ path: ['roles', 'BreakGlass', 'alertOnAssume'], message: 'has nowhere to send alerts. Fix: set guardrails.alerts.emails or guardrails.alerts.topicArn.' }]);
  });

  test('GIVEN an alert topic in another region than accounts where break-glass roles live THEN the topic is refused, naming those accounts', () => {
    const ctx = contextOf({ ...breakGlass, accounts: { dev: { accountId: '222222222222', region: 'eu-west-1' }, prod: { accountId: '444444444444' } }, guardrails: { alerts: { topicArn: 'arn:aws:sns:us-east-1:111111111111:alerts' } } });
    expect(guardrailIssues(ctx)).toEqual([
      {
        path: ['guardrails', 'alerts', 'topicArn'],
        message:
          "is in us-east-1, but roles with alertOnAssume live in dev, whose region differs: EventBridge publishes to a topic of its own region only, so their alerts would go nowhere. Fix: use guardrails.alerts.emails (a topic in each account's region), or put those accounts in us-east-1.",
      },
    ]);
  });

  test('GIVEN an alert topic in the region of every break-glass role THEN nothing is wrong', () => {
    expect(guardrailIssues(contextOf({ ...breakGlass, guardrails: { alerts: { topicArn: 'arn:aws:sns:us-east-1:111111111111:alerts' } } }))).toEqual([]);
  });
});
