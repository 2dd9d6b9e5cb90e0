import { AccessReport } from './access';
import { switchRoleUrl } from '../policy/arn';
import { SynthesizedOrg } from './artifact';

export interface ProfileOptions {
  /** The profile holding the person's identity-account credentials. Default `identity`. */
  readonly sourceProfile?: string;
}

/**
 * What a member of `group` needs to use its grants: an `~/.aws/config` snippet with one profile per
 * role (MFA where the role requires it), the console switch-role links, and the exact
 * `aws sts assume-role` commands.
 */
export function renderProfiles(synth: SynthesizedOrg, access: AccessReport, group: string, options: ProfileOptions = {}): string {
  const grants = access.grants.filter((g) => g.group === group);
  if (!synth.identity?.groups.some((g) => g.name === group)) {
    throw new Error(`No group "${group}" in the synthesized identity stack. Groups: ${(synth.identity?.groups ?? []).map((g) => g.name).join(', ')}.`);
  }
  const source = options.sourceProfile ?? 'identity';
  const mfaSerial = `arn:aws:iam::${access.identityAccountId}:mfa/<your-user-name>`;
  const out = [`# ~/.aws/config profiles for members of ${group} (${grants.length} role${grants.length === 1 ? '' : 's'})`, `# Put your identity-account access keys in the [${source}] profile of ~/.aws/credentials.`, ''];
  for (const g of grants) {
    out.push(`[profile ${g.account}-${g.role}]`, `role_arn = ${g.roleArn}`, `source_profile = ${source}`);
    if (g.mfa) out.push(`mfa_serial = ${mfaSerial}`);
    out.push(`duration_seconds = ${Math.min(g.maxSessionDuration, 3600 * 12)}`);
    if (g.region) out.push(`region = ${g.region}`);
    out.push('');
  }
  out.push('# Console switch-role links');
  for (const g of grants) {
    const role = synth.accounts.find((a) => a.stack === g.account)!.roles.find((r) => r.name === g.role)!;
    out.push(`# ${g.account} ${g.role}: ${switchRoleUrl(g.accountId, g.role, role.path, `${g.role} @ ${g.account}`.slice(0, 64))}`);
  }
  out.push('', '# The same from the CLI, without profiles');
  for (const g of grants) {
    out.push(
      `aws sts assume-role --profile ${source} --role-arn ${g.roleArn} --role-session-name "$USER"` +
        ` --duration-seconds ${Math.min(g.maxSessionDuration, 3600)}${g.mfa ? ` --serial-number ${mfaSerial} --token-code <6-digit code>` : ''}`,
    );
  }
  return `${out.join('\n')}\n`;
}
