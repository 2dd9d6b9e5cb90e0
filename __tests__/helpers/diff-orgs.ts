import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthOrgFile, tempDir } from './synth';

/** A small org for diff tests. */
export const DIFF_BASE = `organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222" }
  prod: { accountId: "444444444444" }
roles:
  ReadOnly:
    accounts: "*"
    managedPolicies: [ReadOnlyAccess]
  Operator:
    accounts: [dev, prod]
    managedPolicies: [PowerUserAccess]
  Vendor:
    accounts: [prod]
    managedPolicies: [SecurityAudit]
    trust:
      principals: [arn:aws:iam::999999999999:role/Scanner]
      externalId: ext-one
groups:
  developers:
    assume:
      ReadOnly: [dev]
      Operator: [dev]
  oncall:
    assume:
      Operator: [prod]
`;

/** Adds developers -> ReadOnly @ prod, removes oncall -> Operator @ prod, drops MFA on Operator. */
export const DIFF_HEAD = DIFF_BASE.replace('      ReadOnly: [dev]', '      ReadOnly: [dev, prod]')
  .replace('  oncall:\n    assume:\n      Operator: [prod]\n', '  oncall: {}\n')
  .replace('    managedPolicies: [PowerUserAccess]\n', '    managedPolicies: [PowerUserAccess]\n    trust: { mfa: false }\n');

export function synthText(text: string): string {
  const dir = tempDir('cai-diff-');
  writeFileSync(join(dir, 'org.yaml'), text);
  return synthOrgFile(join(dir, 'org.yaml'));
}

