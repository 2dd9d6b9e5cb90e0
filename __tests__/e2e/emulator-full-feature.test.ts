/**
 * An org with every feature on (fixtures/full-feature.yaml) deployed for real, with terraform and
 * one stack with `cdktf deploy`, to an AWS API emulator (moto_server): apply in dependency order,
 * plan again, adopt, access through STS, drift, reorder, protect, destroy. The example org.yaml is
 * deployed by emulator-sandbox-cli.test.ts; what runs where, and what the emulator cannot check, is
 * listed in ../helpers/emulator-suite.ts.
 */
import { join } from 'node:path';
import { loadOrgFile } from '../../org/load';
import { stackDependencies } from '../../org/layout';
import { emulatorSuite } from '../helpers/emulator-suite';
import { FIXTURES } from '../helpers/synth';

const ORG = join(FIXTURES, 'full-feature.yaml');

describe('the full-feature fixture', () => {
  test('turns every feature on, on identity and two accounts: the emulator suite below deploys each of them', () => {
    const model = loadOrgFile(ORG);
    const roles = model.roles;
    expect(model.accounts).toHaveLength(2);
    expect({
      mfa: roles.some((r) => r.trust.mfa && r.trust.mfaMaxAgeSeconds !== undefined),
      externalId: roles.some((r) => r.trust.externalId !== undefined && r.trust.principals.length > 0),
      crossStackCi: [...stackDependencies(model).values()].some((needs) => needs.length > 0),
      boundary: roles.some((r) => r.permissionsBoundaryArn !== undefined),
      inline: roles.some((r) => r.inlinePolicies.length > 1),
      managed: roles.some((r) => r.managedPolicyArns.length > 1),
      protect: roles.some((r) => r.protect),
      adoptRole: roles.some((r) => r.adopt),
      adoptGroup: model.groups.some((g) => g.adopt),
      alerts: roles.some((r) => r.alertOnAssume),
      perimeter: model.guardrails.organization !== undefined,
      nonLocalBackend: model.deployment.backend.type !== 'local',
    }).toEqual({ mfa: true, externalId: true, crossStackCi: true, boundary: true, inline: true, managed: true, protect: true, adoptRole: true, adoptGroup: true, alerts: true, perimeter: true, nonLocalBackend: true });
  });
});

emulatorSuite('the full-feature org deployed to the emulator', ORG, { cdktfDeploy: true });
