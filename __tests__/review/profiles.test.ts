import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeAccess } from '../../review/access';
import { readSynthesizedOrg } from '../../review/artifact';
import { renderProfiles } from '../../review/profiles';
import { readIntent } from '../helpers/intent';
import { EXAMPLE_ORG, synthOrgFile, tempDir } from '../helpers/synth';

/** A Python with botocore (the AWS CLI's own library): the first python3 on PATH, else Debian's. */
function python(): string {
  for (const candidate of ['python3', '/usr/bin/python3']) if (spawnSync(candidate, ['-c', 'import botocore']).status === 0) return candidate;
  throw new Error('No python3 with botocore: install the AWS CLI (apt-get install awscli).');
}

/** The `[profile ...]` sections of an ~/.aws/config text, as key/value maps. */
function profilesOf(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const line of text.split('\n')) {
    const section = /^\[profile (.+)\]$/.exec(line);
    if (section) out[section[1]] = current = {};
    else if (current && /^\w+ = /.test(line)) {
      const [key, ...value] = line.split(' = ');
      current[key] = value.join(' = ');
    } else current = undefined;
  }
  return out;
}

describe('profiles', () => {
  const out = synthOrgFile(EXAMPLE_ORG);
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const synth = readSynthesizedOrg(out);
  const access = analyzeAccess(synth);
  const intent = readIntent(EXAMPLE_ORG);

  test.each(intent.groups)('the role_arn values for %s are exactly its grants', (group) => {
    const profiles = profilesOf(renderProfiles(synth, access, group, { mfaSerial: 'arn:aws:iam::111111111111:mfa/alice' }));
    const expected = [...intent.grants].filter((g) => g.startsWith(`${group}|`)).map((g) => {
      const [, account, role] = g.split('|');
      return `arn:aws:iam::${intent.accounts[account]}:role${intent.roles[role].path}${role}`;
    });
    expect(Object.values(profiles).map((p) => p.role_arn).sort()).toEqual(expected.sort());
  });

  const MFA = 'arn:aws:iam::111111111111:mfa/alice';

  test('a profile carries the source profile, the MFA device given where the role requires MFA, the role\'s session length and the region', () => {
    const text = renderProfiles(synth, access, 'platform-engineers', { sourceProfile: 'acme', mfaSerial: MFA });
    expect(profilesOf(text)['prod-ProdAdmin']).toEqual({
      role_arn: 'arn:aws:iam::444444444444:role/ProdAdmin',
      source_profile: 'acme',
      mfa_serial: MFA,
      duration_seconds: '3600',
      region: 'us-east-1',
    });
    // CrossAccountSecurityAuditRole allows 4 h sessions: the profile asks for exactly that.
    expect(profilesOf(renderProfiles(synth, access, 'SecAuditors', { mfaSerial: MFA }))['prod-CrossAccountSecurityAuditRole'].duration_seconds).toBe('14400');
    expect(text).toContain('# prod-ProdAdmin: https://signin.aws.amazon.com/switchrole?account=444444444444&roleName=ProdAdmin&displayName=ProdAdmin%20%40%20prod');
  });

  test.each(intent.groups)('the output for %s is only ~/.aws/config: sections, key = value lines and # comments', (group) => {
    const lines = renderProfiles(synth, access, group, { mfaSerial: MFA }).split('\n');
    const bad = lines.filter((l) => l !== '' && !l.startsWith('#') && !/^\[profile [\w.@+=,-]+\]$/.test(l) && !/^(role_arn|source_profile|mfa_serial|duration_seconds|external_id|region) = \S+$/.test(l));
    expect(bad).toEqual([]);
  });

  test('a group with a role that requires MFA needs the MFA device: a clear error, not a placeholder', () => {
    expect(() => renderProfiles(synth, access, 'platform-engineers')).toThrow(
      "7 of the 7 roles of platform-engineers require MFA (dev-Admin, dev-ReadOnly, prod-ProdAdmin, ...). Fix: pass your MFA device's ARN, e.g. --mfa-serial arn:aws:iam::111111111111:mfa/<your-user-name> (aws iam list-mfa-devices shows it).",
    );
    expect(() => renderProfiles(synth, access, 'platform-engineers', { mfaSerial: 'alice' })).toThrow(
      '--mfa-serial "alice" is not an MFA device ARN. Fix: pass one like arn:aws:iam::111111111111:mfa/<your-user-name>.',
    );
  });

  test('the AWS CLI loads every profile: botocore builds an assume-role credential provider for each, with the values written', () => {
    const dir = tempDir('cai-awscfg-');
    try {
      const text = renderProfiles(synth, access, 'platform-engineers', { sourceProfile: 'acme', mfaSerial: MFA });
      const config = join(dir, 'config');
      // The person's own [profile acme] holds the identity-account keys (fake here), as the output's comment says.
      writeFileSync(config, `[profile acme]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\naws_secret_access_key = example-secret\n\n${text}`);
      const env = { ...process.env, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' };
      const names = Object.keys(profilesOf(text));
      expect(names).toHaveLength(7);
      const run = spawnSync(python(), [join(__dirname, 'load-aws-config.py'), ...names], { env, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const loaded = JSON.parse(run.stdout) as Record<string, { config: Record<string, string>; method: string }>;
      for (const name of names) {
        expect(loaded[name]).toEqual({ config: profilesOf(text)[name], method: 'assume-role' });
      }
      // And the AWS CLI itself reads the same file.
      const aws = spawnSync('aws', ['configure', 'get', 'mfa_serial', '--profile', 'prod-ProdAdmin'], { env, encoding: 'utf8' });
      expect({ status: aws.status, stdout: aws.stdout }).toEqual({ status: 0, stdout: `${MFA}\n` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unknown group is refused with the groups that exist', () => {
    expect(() => renderProfiles(synth, access, 'devs')).toThrow('No group "devs" in the synthesized identity stack. Groups: SecAuditors, developers, platform-engineers.');
  });
});
