import { analyzeAccess } from '../../review/access';
import { readSynthesizedOrg } from '../../review/artifact';
import { renderProfiles } from '../../review/profiles';
import { readIntent } from '../helpers/intent';
import { EXAMPLE_ORG, synthOrgFile } from '../helpers/synth';

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
  const synth = readSynthesizedOrg(synthOrgFile(EXAMPLE_ORG));
  const access = analyzeAccess(synth);
  const intent = readIntent(EXAMPLE_ORG);

  test.each(intent.groups)('the role_arn values for %s are exactly its grants', (group) => {
    const profiles = profilesOf(renderProfiles(synth, access, group));
    const expected = [...intent.grants].filter((g) => g.startsWith(`${group}|`)).map((g) => {
      const [, account, role] = g.split('|');
      return `arn:aws:iam::${intent.accounts[account]}:role${intent.roles[role].path}${role}`;
    });
    expect(Object.values(profiles).map((p) => p.role_arn).sort()).toEqual(expected.sort());
  });

  test('a profile carries the source profile, an MFA serial placeholder where MFA is required, the session length and region', () => {
    const text = renderProfiles(synth, access, 'platform-engineers', { sourceProfile: 'acme' });
    expect(profilesOf(text)['prod-ProdAdmin']).toEqual({
      role_arn: 'arn:aws:iam::444444444444:role/ProdAdmin',
      source_profile: 'acme',
      mfa_serial: 'arn:aws:iam::111111111111:mfa/<your-user-name>',
      duration_seconds: '3600',
      region: 'us-east-1',
    });
    expect(text).toContain('# prod ProdAdmin: https://signin.aws.amazon.com/switchrole?account=444444444444&roleName=ProdAdmin&displayName=ProdAdmin%20%40%20prod');
    expect(text).toContain(
      'aws sts assume-role --profile acme --role-arn arn:aws:iam::444444444444:role/ProdAdmin --role-session-name "$USER" --duration-seconds 3600 --serial-number arn:aws:iam::111111111111:mfa/<your-user-name> --token-code <6-digit code>',
    );
  });

  test('an unknown group is refused with the groups that exist', () => {
    expect(() => renderProfiles(synth, access, 'devs')).toThrow('No group "devs" in the synthesized identity stack. Groups: SecAuditors, developers, platform-engineers.');
  });
});
