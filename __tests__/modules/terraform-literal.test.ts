import fc from 'fast-check';
import { App, TerraformStack, Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { legacyTerraformId, parseTerraformId, terraformId } from '../../modules/terraform-id';
import { literalStrings, terraformLiteral } from '../../modules/terraform-literal';
import { AddressCollisionError, stableId } from '../../modules/stable-id';
import { buildFromText } from '../helpers/synth';

describe('terraformLiteral', () => {
  test('IAM policy variables reach AWS as written: ${ and %{ are escaped for Terraform', () => {
    expect(terraformLiteral('{"sts:SourceIdentity":"${aws:username}"}')).toBe('{"sts:SourceIdentity":"$${aws:username}"}');
    expect(terraformLiteral('%{if}')).toBe('%%{if}');
    expect(terraformLiteral('$${already}')).toBe('$$${already}');
    expect(terraformLiteral('no variables $ { }')).toBe('no variables $ { }');
  });

  test('literalStrings escapes every string of a config, deeply, and leaves references to resources alone', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const role = new IamRole(stack, 'r', { name: 'x', assumeRolePolicy: '{}' });
    const arn = role.arn;
    const escaped = literalStrings({ description: 'a ${b}', tags: { 'k${x}': '%{v}' }, list: ['${1}', arn], n: 3, ok: true });
    expect(escaped).toEqual({ description: 'a $${b}', tags: { 'k$${x}': '%%{v}' }, list: ['$${1}', arn], n: 3, ok: true });
  });
});

describe('terraformId', () => {
  test('IAM names made of letters, digits and "-" keep the addresses they always had', () => {
    expect(terraformId('role', 'ReadOnly')).toBe('role_ReadOnly');
    expect(terraformId('group', 'platform-engineers')).toBe('group_platform-engineers');
    expect(terraformId('group', 'devs', 'policy', 'devs-assume-roles-2')).toBe('group_devs_policy_devs-assume-roles-2');
    expect(terraformId('role', 'ReadOnly')).toBe(legacyTerraformId('role', 'ReadOnly'));
  });

  test('every other character is escaped, so names that met before are kept apart', () => {
    // Role `app` with inline policy `db_inline_read`, and role `app_inline_db` with inline policy `read`.
    const a = terraformId('role', 'app', 'inline', 'db_inline_read');
    const b = terraformId('role', 'app_inline_db', 'inline', 'read');
    expect(legacyTerraformId('role', 'app', 'inline', 'db_inline_read')).toBe(legacyTerraformId('role', 'app_inline_db', 'inline', 'read'));
    expect(a).toBe('role_app_inline_db__005finline__005fread');
    expect(b).toBe('role_app__005finline__005fdb_inline_read');
    // A name equal to another name's escaped form.
    expect(terraformId('role', 'a.b')).toBe('role_a__002eb');
    expect(terraformId('role', 'a__002eb')).toBe('role_a__005f__005f002eb');
    expect(terraformId('role', '_x')).toBe('role___005fx');
    expect(terraformId('role', 'x_')).toBe('role_x__005f');
  });

  test('property: the parts come back from the name (so two part lists never share one), and the name is a valid Terraform identifier', () => {
    const iamChars = fc.constantFrom(...'abcXYZ019_-+=,.@'.split(''), '\u00e9', '$', '{', '}');
    const part = fc.string({ unit: iamChars, minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), fc.array(part, { minLength: 1, maxLength: 5 }), (p, q) => {
        const parts = ['role', ...p];
        const id = terraformId(...parts);
        expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
        expect(parseTerraformId(id)).toEqual(parts);
        const other = ['role', ...q];
        if (JSON.stringify(other) !== JSON.stringify(parts)) expect(terraformId(...other)).not.toBe(id);
      }),
      { numRuns: 2000 },
    );
  });

  test('empty parts are refused rather than silently merged', () => {
    expect(() => terraformId('role', '')).toThrow('terraformId: part 1 is empty');
  });
});

describe('address guard', () => {
  test('GIVEN two resources of one type with one address WHEN synthesized THEN the synth fails and names both', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'member');
    stableId(new IamRole(stack, 'first', { name: 'a', assumeRolePolicy: '{}' }), 'role', 'a');
    new IamRole(stack, 'second', { name: 'b', assumeRolePolicy: '{}' }).overrideLogicalId('role_a');
    expect(() => Testing.synth(stack)).toThrow(AddressCollisionError);
    expect(() => Testing.synth(stack)).toThrow('aws_iam_role.role_a: member/first and member/second');
  });

  test('GIVEN names whose earlier addresses differ THEN each resource gets a moved block from its earlier address, and ambiguous earlier addresses none', () => {
    const { accounts } = buildFromText(`
organization: acme
region: us-east-1
identity: { accountId: "111111111111" }
accounts:
  dev: { accountId: "222222222222" }
roles:
  app:
    inlinePolicies:
      db_inline_read: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] }
  app_inline_db:
    inlinePolicies:
      read: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:ListBucket", Resource: "*" }] }
  ops.admin: {}
groups:
  devs: { assume: { app: [dev], app_inline_db: [dev], ops.admin: [dev] } }
`);
    const json = JSON.parse(Testing.synth(accounts[0])) as { moved?: { from: string; to: string }[]; resource: Record<string, Record<string, { name?: string; policy?: string }>> };
    const inline = json.resource.aws_iam_role_policy;
    expect(Object.keys(inline).sort()).toEqual(['role_app__005finline__005fdb_inline_read', 'role_app_inline_db__005finline__005fread']);
    expect(inline.role_app_inline_db__005finline__005fread.name).toBe('db_inline_read');
    expect(inline.role_app__005finline__005fdb_inline_read.name).toBe('read');
    expect(Object.keys(json.resource.aws_iam_role).sort()).toEqual(['role_app', 'role_app__005finline__005fdb', 'role_ops__002eadmin']);
    const moved = (json.moved ?? []).map((m) => `${m.from} -> ${m.to}`).sort();
    expect(moved).toEqual([
      // The addresses earlier versions gave, written out: they are what live states hold.
      'aws_iam_role.role_ops_admin_522833ca -> aws_iam_role.role_ops__002eadmin',
      'aws_iam_role.role_app_inline_db -> aws_iam_role.role_app__005finline__005fdb',
      'aws_iam_role_policies_exclusive.role_ops_admin_inline_policies_1062cc60 -> aws_iam_role_policies_exclusive.role_ops__002eadmin_inline_policies',
      'aws_iam_role_policies_exclusive.role_app_inline_db_inline_policies -> aws_iam_role_policies_exclusive.role_app__005finline__005fdb_inline_policies',
      'aws_iam_role_policy_attachments_exclusive.role_ops_admin_attachments_6cf12d34 -> aws_iam_role_policy_attachments_exclusive.role_ops__002eadmin_attachments',
      'aws_iam_role_policy_attachments_exclusive.role_app_inline_db_attachments -> aws_iam_role_policy_attachments_exclusive.role_app__005finline__005fdb_attachments',
    ].sort());
  });
});
