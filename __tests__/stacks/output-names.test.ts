/**
 * Output names a person can predict: one output per kind, keyed by the real IAM name, whatever
 * characters it holds; the per-name outputs of earlier versions kept (escaped, as they always were),
 * except where another name of the same kind is literally that escaped form: no output ever holds
 * another name's value under a name a reader would take for their own.
 */
import { Testing } from 'cdktf';
import { readSynthesizedOrg } from '../../review/artifact';
import { buildFromText, synthOrgFile, tempDir } from '../helpers/synth';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Names with every character IAM allows beside letters and digits, and one that is literally the escaped form of another.
// Roles and permission sets take them as they are, groups with a g in front (assumers share one namespace).
const NAMES = ['Dev_Admins', 'ops.admin', 'a+b', 'me@x', 'k=v', 'x,y', 'plain-name', 'Dev.Ops', 'Dev__002eOps'];
const ORG = `organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222" }
roles:
${NAMES.map((n) => `  "${n}":\n    accounts: [dev]\n    managedPolicies: [ReadOnlyAccess]`).join('\n')}
groups:
${NAMES.map((n) => `  "g${n}":\n    assume:\n      "${n}": [dev]`).join('\n')}
permissionSets:
${NAMES.map((n) => `  "${n}":\n    assume:\n      "${n}": [dev]`).join('\n')}
`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const built = buildFromText(ORG);
const identity = (JSON.parse(Testing.synth(built.identity!)) as Json).output as Record<string, { value: unknown }>;
const dev = (JSON.parse(Testing.synth(built.accounts[0])) as Json).output as Record<string, { value: unknown }>;

describe('outputs keyed by the real name', () => {
  test('every role, group and permission set is found under its own name, with its own value', () => {
    const roleArns = dev.role_arns.value as Record<string, string>;
    const groups = identity.group_assumable_role_arns.value as Record<string, string[]>;
    const sets = identity.permission_set_policies.value as Record<string, string>;
    expect(Object.keys(roleArns).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) {
      expect(roleArns[name]).toBe(`arn:aws:iam::222222222222:role/${name}`);
      expect(groups[`g${name}`]).toEqual([`arn:aws:iam::222222222222:role/${name}`]);
      expect(JSON.parse(sets[name]).Statement[0]).toMatchObject({ Sid: 'AssumeRole', Resource: `arn:aws:iam::222222222222:role/${name}` });
      expect((dev.role_switch_role_urls.value as Record<string, string>)[name]).toContain(`roleName=${encodeURIComponent(name)}`);
    }
  });

  test('the per-name outputs of earlier versions stay, escaped as they always were, for names that start no confusion', () => {
    expect(identity.permission_set_Dev__005fAdmins_policy.value).toBe((identity.permission_set_policies.value as Record<string, string>).Dev_Admins);
    expect(dev['role_ops__002eadmin_arn']).toBeDefined();
    expect(dev['role_plain-name_arn']).toBeDefined();
    expect(identity['group_ga__002bb_assumable_role_arns'].value).toEqual(['arn:aws:iam::222222222222:role/a+b']);
  });

  test('no per-name output holds another name\'s value: Dev.Ops loses its escaped output, which reads as the output of the set literally named Dev__002eOps', () => {
    for (const [prefix, suffix, outputs] of [['permission_set_', '_policy', identity], ['group_g', '_assumable_role_arns', identity], ['role_', '_arn', dev]] as const) {
      expect(outputs[`${prefix}Dev__002eOps${suffix}`]).toBeUndefined();
      // The set (group, role) literally named Dev__002eOps keeps its own, escaped: _ is __005f.
      expect(outputs[`${prefix}Dev__005f__005f002eOps${suffix}`]).toBeDefined();
    }
    const sets = identity.permission_set_policies.value as Record<string, string>;
    expect(JSON.parse(sets['Dev.Ops']).Statement[0].Resource).toBe('arn:aws:iam::222222222222:role/Dev.Ops');
    expect(JSON.parse(sets.Dev__002eOps).Statement[0].Resource).toBe('arn:aws:iam::222222222222:role/Dev__002eOps');
  });

  test('the review reads each permission set by its real name', () => {
    const dir = tempDir('cai-names-');
    writeFileSync(join(dir, 'org.yaml'), ORG);
    const synth = readSynthesizedOrg(synthOrgFile(join(dir, 'org.yaml')));
    expect(synth.identity!.permissionSets!.map((p) => p.name).sort()).toEqual([...NAMES].sort());
  });
});
