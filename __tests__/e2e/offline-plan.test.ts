/**
 * The offline `terraform plan` of every stack of the example org and of an org with every kind of
 * assumer: it plans exactly the synthesized resources. A plan validates the configuration against
 * the AWS provider's schema first, so this is also their `terraform validate`. (The provider blocks
 * as synthesized, with `assume_role`, are applied for real to the AWS API emulator:
 * emulator-*.test.ts; the guarded org, with the resources the emulator cannot take, is validated in
 * stacks/deploy.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineCopy, planStack, renderPlanSummary, StackPlan } from '../../review/plan';
import { writeOfflineCliConfig } from '../../stacks/terraform';
import { EXAMPLE_ORG, FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

/** Synthesizes `orgFile` and, before the tests of the calling `describe`, plans every stack offline (`plans` in stack order). */
function planEveryStack(orgFile: string): { out: string; stacks: string[]; plans: StackPlan[] } {
  const out = synthOrgFile(orgFile);
  const planned = { out, stacks: readdirSync(join(out, 'stacks')).sort(), plans: [] as StackPlan[] };
  beforeAll(async () => {
    const cli = writeOfflineCliConfig(tempDir('cai-plan-'));
    planned.plans = await Promise.all(planned.stacks.map((s) => planStack(join(out, 'stacks', s), s, cli)));
  }, 180_000);
  return planned;
}

describe('offline plan of the example org', () => {
  const run = planEveryStack(EXAMPLE_ORG);
  const { out, stacks } = run;

  test('every stack plans, adding each synthesized resource and nothing else', () => {
    for (const [i, stack] of stacks.entries()) {
      const json = JSON.parse(readFileSync(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, unknown>> };
      const expected = Object.fromEntries(Object.entries(json.resource).map(([type, rs]) => [type, Object.keys(rs).length]));
      expect({ stack, ok: run.plans[i].ok, error: run.plans[i].error, byType: run.plans[i].byType, change: run.plans[i].change, destroy: run.plans[i].destroy }).toEqual({ stack, ok: true, error: undefined, byType: expected, change: 0, destroy: 0 });
    }
  });

  test('the summary gives a line per stack', () => {
    const summary = renderPlanSummary(run.plans);
    expect(summary).toMatch(/^prod: 19 to add, 0 to change, 0 to destroy \(6 aws_iam_role, 6 aws_iam_role_policies_exclusive, 1 aws_iam_role_policy, 6 aws_iam_role_policy_attachments_exclusive\) \[\d+\.\d s\]$/m);
    expect(summary.split('\n').filter((l) => / to add, /.test(l))).toHaveLength(stacks.length);
  });

  test('the copy it plans has fake credentials and skip flags, no assume_role and no backend; the real stack is untouched', () => {
    const original = readFileSync(join(out, 'stacks', 'prod', 'cdk.tf.json'), 'utf8');
    const copy = JSON.parse(offlineCopy(original));
    expect(copy.provider.aws[0]).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, access_key: 'AKIAOFFLINEPLAN00000' });
    expect(copy.provider.aws[0].assume_role).toBeUndefined();
    expect(copy.terraform.backend).toBeUndefined();
    expect(JSON.parse(original).provider.aws[0].assume_role).toHaveLength(1);
  });
});

describe('offline plan of every kind of assumer', () => {
  const run = planEveryStack(join(FIXTURES, 'every-assumer.yaml'));
  const { stacks } = run;

  test('the SAML role, its policy and the OIDC providers are planned with every other resource', () => {
    const byStack = Object.fromEntries(run.plans.map((p, i) => [stacks[i], { ok: p.ok, error: p.error, byType: p.byType, change: p.change, destroy: p.destroy }]));
    const roles = (n: number) => ({ aws_iam_role: n, aws_iam_role_policies_exclusive: n, aws_iam_role_policy_attachments_exclusive: n });
    expect(byStack).toEqual({
      dev: { ok: true, error: undefined, change: 0, destroy: 0, byType: { aws_iam_openid_connect_provider: 2, aws_iam_policy: 1, ...roles(3) } },
      identity: {
        ok: true,
        error: undefined,
        change: 0,
        destroy: 0,
        byType: {
          aws_iam_group: 2,
          aws_iam_group_policies_exclusive: 2,
          aws_iam_group_policy_attachment: 2,
          aws_iam_group_policy_attachments_exclusive: 2,
          aws_iam_policy: 3,
          ...roles(1),
        },
      },
      prod: { ok: true, error: undefined, change: 0, destroy: 0, byType: { aws_iam_openid_connect_provider: 1, aws_iam_policy: 1, ...roles(5) } },
    });
  });
});
