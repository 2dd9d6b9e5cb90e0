/**
 * The organization's perimeter policy, judged by the IAM simulator: outside principals are refused
 * even by a role whose trust lets them in, except on the roles meant for third parties.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PolicyJson } from '../../review/artifact';
import { readSynthesizedOrg } from '../../review/artifact';
import { ALLOW_ALL_ASSUME, isAllowed, roleSessionCaller } from '../helpers/simulator';
import { FIXTURES, synthOrgFile } from '../helpers/synth';

describe('assume-role perimeter (resource control policy)', () => {
  const out = synthOrgFile(join(FIXTURES, 'guarded.yaml'));
  const organization = JSON.parse(readFileSync(join(out, 'stacks', 'organization', 'cdk.tf.json'), 'utf8'));
  const rcp = JSON.parse(organization.resource.aws_organizations_policy.perimeter.content) as PolicyJson;
  const prod = readSynthesizedOrg(out).accounts.find((a) => a.stack === 'prod')!;
  const vendor = prod.roles.find((r) => r.name === 'VendorAudit')!;
  const perimeter = [{ orgIdentifier: 'o-a1b2c3d4e5', policies: [{ name: 'perimeter', policy: rcp }] }];
  /** A role whose trust was loosened by hand to trust an outside account: the perimeter must still hold. */
  const leakyTrust: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] };
  const scanner = roleSessionCaller('arn:aws:iam::999999999999:role/Scanner');
  const outside = { 'sts:ExternalId': 'vendor-ext', 'aws:PrincipalOrgID': 'o-someoneelse0' };

  test('the excepted third-party role is still allowed for its vendor, with the external id', async () => {
    expect(await isAllowed({ caller: scanner, roleArn: vendor.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: vendor.trustPolicy, context: outside, resourceControlPolicies: perimeter })).toBe(true);
  });

  test('a principal outside the org is denied on any other role, even one whose trust lets it in', async () => {
    const leaky = 'arn:aws:iam::444444444444:role/Leaky';
    expect(await isAllowed({ caller: scanner, roleArn: leaky, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: leakyTrust, context: outside })).toBe(true);
    expect(await isAllowed({ caller: scanner, roleArn: leaky, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: leakyTrust, context: outside, resourceControlPolicies: perimeter })).toBe(false);
    expect(await isAllowed({ caller: scanner, roleArn: leaky, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: leakyTrust, context: { 'sts:ExternalId': 'vendor-ext' }, resourceControlPolicies: perimeter })).toBe(false);
  });

  test('principals inside the org are not affected', async () => {
    const deployer = prod.roles.find((r) => r.name === 'Deployer')!;
    const pipeline = roleSessionCaller('arn:aws:iam::555555555555:role/Pipeline');
    expect(await isAllowed({ caller: pipeline, roleArn: deployer.arn, identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: deployer.trustPolicy, context: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, resourceControlPolicies: perimeter })).toBe(true);
  });
});
