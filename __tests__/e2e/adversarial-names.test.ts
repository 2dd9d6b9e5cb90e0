/**
 * Property-based, against the names most likely to meet once turned into Terraform addresses: every
 * character IAM allows in a name, names that are prefixes and suffixes of each other, names that
 * equal another name's escaped form, names that differ only where a normalisation would erase the
 * difference. For each random org: the simulator finds exactly the org file's access, and every
 * role, inline policy, group and attachment of the intent is present exactly once, wired to its own
 * role or group.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { legacyTerraformId, terraformId } from '../../modules/terraform-id';
import { readSynthesizedOrg } from '../../review/artifact';
import { AccessMatrix } from '../helpers/access-matrix';
import { readIntent } from '../helpers/intent';
import { synthOrgFile, tempDir } from '../helpers/synth';

/** Pieces that glue into names which collide under `_` joins, character replacement or escaping. */
const PIECES = ['a', 'app', 'inline', 'db', 'read', '_', '-', '.', '+', '=', ',', '@', '__', '__002e', '__005f', 'policies', 'attachments', 'A', '0', 'x_y', 'x.y', 'x-y'];
const name = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')).filter((n) => n.length <= 64);

/** Names unique without regard to case (IAM compares role, group and policy names that way). */
const uniqueNames = (min: number, max: number) => fc.uniqueArray(name, { minLength: min, maxLength: max, selector: (n) => n.toLowerCase() });

const org = fc
  .record({
    roles: uniqueNames(2, 6),
    groups: uniqueNames(1, 4),
    inline: fc.array(uniqueNames(0, 3), { minLength: 6, maxLength: 6 }),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 2 }),
  })
  .map(({ roles: generated, groups, inline, seed }) => {
    // Always present: one pair whose addresses met when names were joined with "_" unescaped, and a
    // name equal to another's escaped form. Generated names that clash with them are left out.
    const FORCED: [string, string | undefined][] = [['app', 'db_inline_read'], ['app_inline_db', 'read'], ['a.b', undefined], ['a__002eb', undefined]];
    const roles = generated.filter((r) => !FORCED.some(([f]) => f.toLowerCase() === r.toLowerCase()));
    let state = seed;
    const rand = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const accounts = { dev: { accountId: '222222222222' }, prod: { accountId: '333333333333' } };
    const roleDefs: Record<string, Record<string, unknown>> = {};
    roles.forEach((r, i) => {
      const policies = Object.fromEntries(
        inline[i].map((p, j) => [p, { Version: '2012-10-17', Statement: [{ Sid: `P${i}x${j}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}-${j}/*` }] }]),
      );
      roleDefs[r] = {
        accounts: rand() < 0.5 ? '*' : [rand() < 0.5 ? 'dev' : 'prod'],
        managedPolicies: ['ReadOnlyAccess'],
        ...(inline[i].length ? { inlinePolicies: policies } : {}),
        ...(rand() < 0.3 ? { trust: { mfa: false } } : {}),
      };
    });
    const policy = (sid: string) => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
    for (const [r, p] of FORCED) {
      roles.push(r);
      roleDefs[r] = { accounts: '*', ...(p ? { inlinePolicies: { [p]: policy(`Forced${roles.length}`) } } : {}) };
    }
    const groupDefs: Record<string, { assume: Record<string, unknown> }> = {};
    for (const g of groups) {
      const assume: Record<string, unknown> = {};
      for (const r of roles) if (rand() < 0.6) assume[r] = '*';
      groupDefs[g] = { assume };
    }
    return { organization: 'adversarial', region: 'us-east-1', identity: { accountId: '111111111111' }, accounts, roles: roleDefs, groups: groupDefs };
  });

type Resource = Record<string, unknown>;
type StackJson = { resource: Record<string, Record<string, Resource>> };
const ref = (type: string, address: string, attr: string) => `\${${type}.${address}.${attr}}`;
const byName = (resources: Record<string, Resource> | undefined, n: string) => Object.entries(resources ?? {}).filter(([, r]) => r.name === n);

describe('adversarial IAM names', () => {
  test('access equals intent, and every resource of the intent is present exactly once, wired to its own role or group', async () => {
    let orgs = 0;
    let legacyCollisions = 0;
    await fc.assert(
      fc.asyncProperty(org, async (o) => {
        const dir = tempDir('cai-adv-');
        const file = join(dir, 'org.yaml');
        writeFileSync(file, stringify(o));
        const out = synthOrgFile(file);
        const matrix = new AccessMatrix(readSynthesizedOrg(out), readIntent(file));
        expect(await matrix.all()).toEqual([]);

        for (const stack of ['dev', 'prod']) {
          const legacy = new Set<string>();
          const json = JSON.parse(readFileSync(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson;
          const here = Object.entries(o.roles).filter(([, r]) => r.accounts === '*' || (r.accounts as string[]).includes(stack));
          expect(Object.keys(json.resource.aws_iam_role ?? {})).toHaveLength(here.length);
          for (const [roleName, role] of here) {
            const roles = byName(json.resource.aws_iam_role, roleName);
            expect(roles).toHaveLength(1);
            const [address] = roles[0];
            expect(address).toBe(terraformId('role', roleName));
            const nameRef = ref('aws_iam_role', address, 'name');
            const intended = (role.inlinePolicies ?? {}) as Record<string, unknown>;
            const inline = Object.values(json.resource.aws_iam_role_policy ?? {}).filter((p) => p.role === nameRef);
            expect(inline.map((p) => p.name).sort()).toEqual(Object.keys(intended).sort());
            for (const p of inline) expect(JSON.parse(p.policy as string)).toEqual(intended[p.name as string]);
            const exclusive = Object.values(json.resource.aws_iam_role_policies_exclusive).filter((p) => p.role_name === nameRef);
            expect(exclusive.map((p) => [...(p.policy_names as string[])].sort())).toEqual([Object.keys(intended).sort()]);
            expect(Object.values(json.resource.aws_iam_role_policy_attachments_exclusive).filter((p) => p.role_name === nameRef)).toHaveLength(1);
            for (const p of Object.keys(intended)) {
              const old = legacyTerraformId('role', roleName, 'inline', p);
              if (legacy.has(old)) legacyCollisions++;
              legacy.add(old);
            }
          }
          expect(Object.keys(json.resource.aws_iam_role_policy ?? {})).toHaveLength(here.reduce((n, [, r]) => n + Object.keys((r.inlinePolicies ?? {}) as object).length, 0));
        }

        const identity = JSON.parse(readFileSync(join(out, 'stacks', 'identity', 'cdk.tf.json'), 'utf8')) as StackJson;
        expect(Object.keys(identity.resource.aws_iam_group)).toHaveLength(Object.keys(o.groups).length);
        for (const [groupName, group] of Object.entries(o.groups)) {
          const groups = byName(identity.resource.aws_iam_group, groupName);
          expect(groups).toHaveLength(1);
          const groupRef = ref('aws_iam_group', groups[0][0], 'name');
          const policies = Object.entries(identity.resource.aws_iam_policy ?? {}).filter(([, p]) => (p.name as string).startsWith(`${groupName}-assume-roles`) && (p.name as string).replace(`${groupName}-assume-roles`, '').match(/^(-\d+)?$/));
          expect(policies.length > 0).toBe(Object.keys(group.assume).length > 0);
          const attached = Object.values(identity.resource.aws_iam_group_policy_attachment ?? {}).filter((a) => a.group === groupRef).map((a) => a.policy_arn);
          expect(attached.sort()).toEqual(policies.map(([address]) => ref('aws_iam_policy', address, 'arn')).sort());
        }
        orgs++;
      }),
      { numRuns: 30, seed: 20261202 },
    );
    // Every org holds the forced pair, in both stacks: the old addressing would have merged them.
    expect(legacyCollisions).toBe(orgs * 2);
    process.stdout.write(`adversarial names: ${orgs} orgs; ${legacyCollisions} inline policies whose address, as it was built before, would have collided in their stack\n`);
  }, 300_000);
});
