/** The offline `terraform plan` of every stack of the example org: it plans exactly the synthesized resources. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineCopy, planStack, renderPlanSummary, StackPlan } from '../../review/plan';
import { writeOfflineCliConfig } from '../../review/terraform';
import { EXAMPLE_ORG, synthOrgFile, tempDir } from '../helpers/synth';

describe('offline plan of the example org', () => {
  const out = synthOrgFile(EXAMPLE_ORG);
  const stacks = readdirSync(join(out, 'stacks')).sort();
  let plans: StackPlan[];

  beforeAll(async () => {
    const cli = writeOfflineCliConfig(tempDir('cai-plan-'));
    plans = await Promise.all(stacks.map((s) => planStack(join(out, 'stacks', s), s, cli)));
  }, 180_000);

  test('every stack plans, adding each synthesized resource and nothing else', () => {
    for (const [i, stack] of stacks.entries()) {
      const json = JSON.parse(readFileSync(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, unknown>> };
      const expected = Object.fromEntries(Object.entries(json.resource).map(([type, rs]) => [type, Object.keys(rs).length]));
      expect({ stack, ok: plans[i].ok, error: plans[i].error, byType: plans[i].byType, change: plans[i].change, destroy: plans[i].destroy }).toEqual({ stack, ok: true, error: undefined, byType: expected, change: 0, destroy: 0 });
    }
  });

  test('the summary gives a line per stack', () => {
    const summary = renderPlanSummary(plans);
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
