/**
 * Text that looks like Terraform template syntax (`${`, `%{`, `$${`), quotes, backslashes and
 * unicode, in every free-text field of an org file: `terraform validate` accepts the stacks, and the
 * values Terraform plans are exactly the strings of the org file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { offlineCopy } from '../../review/plan';
import { initStack, runTerraform, validateStack, writeOfflineCliConfig } from '../../stacks/terraform';
import { FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

const FILE = join(FIXTURES, 'template-text.yaml');
const org = parse(readFileSync(FILE, 'utf8'));
const role = org.roles.Templated;

type Planned = { address: string; type: string; values: Record<string, unknown> };

describe('template-like text reaches AWS as written', () => {
  const out = synthOrgFile(FILE);
  let planned: Planned[];
  let cli: string;

  beforeAll(async () => {
    cli = writeOfflineCliConfig(tempDir('cai-esc-'));
    const work = tempDir('cai-esc-plan-');
    writeFileSync(join(work, 'cdk.tf.json'), offlineCopy(readFileSync(join(out, 'stacks', 'dev', 'cdk.tf.json'), 'utf8')));
    expect((await initStack(work, cli)).code).toBe(0);
    const plan = await runTerraform(['plan', '-refresh=false', '-input=false', '-lock=false', '-out=plan.bin', '-no-color'], work, cli, { AWS_EC2_METADATA_DISABLED: 'true' });
    expect(plan.stderr).toBe('');
    const show = await runTerraform(['show', '-json', 'plan.bin'], work, cli);
    planned = (JSON.parse(show.stdout) as { planned_values: { root_module: { resources: Planned[] } } }).planned_values.root_module.resources;
  }, 180_000);

  // dev is planned above, which validates it first.
  test('terraform validate accepts the identity stack', async () => {
    expect(await validateStack(join(out, 'stacks', 'identity'), cli)).toEqual({ valid: true, output: '' });
  }, 180_000);

  const values = (type: string) => planned.filter((r) => r.type === type).map((r) => r.values);

  test('the role description is planned exactly as written', () => {
    expect(values('aws_iam_role').map((v) => v.description)).toEqual([role.description]);
    expect(role.description).toContain('${var.secret}');
  });

  test('the inline policy, with IAM policy variables and template-like values, is planned exactly as written', () => {
    const [inline] = values('aws_iam_role_policy');
    expect(JSON.parse(inline.policy as string)).toEqual(role.inlinePolicies.templated);
  });

  test('tags, environment and e-mail endpoints are planned exactly as written', () => {
    expect(values('aws_iam_role')[0].tags).toEqual({ Team: 'ä ö ü ß' });
    expect(values('aws_iam_role')[0].tags_all).toMatchObject({ Environment: 'café été', CostCentre: 'Ünïcode 42 a:b/c=d+e-f@g_h.', Team: 'ä ö ü ß' });
    expect(values('aws_sns_topic_subscription').map((v) => v.endpoint)).toEqual(['a${b}%{c}@example.com']);
  });
});
