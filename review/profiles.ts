import { AccessReport, Grant } from './access';
import { switchRoleUrl } from '../policy/arn';
import { SynthesizedOrg } from './artifact';

export interface ProfileOptions {
  /** The profile holding the person's identity-account credentials. Default `identity`. */
  readonly sourceProfile?: string;
  /** The person's MFA device ARN; required when any of the group's roles requires MFA. */
  readonly mfaSerial?: string;
}

/** AWS's shortest role session; `duration_seconds` below it is refused by STS. */
const MIN_SESSION = 900;
/** An MFA device ARN as IAM writes it: virtual (`:mfa/name`) or hardware/U2F (`:u2f/...`, `:sms-mfa/...`). */
const MFA_SERIAL = /^arn:aws[a-z-]*:iam::\d{12}:(mfa|u2f|sms-mfa)\/[\w+=,.@/-]+$/;
/** What a `[profile NAME]` header and a config value may hold without breaking the INI file. */
const PROFILE_NAME = /^[A-Za-z0-9_.@+=,-]+$/;

/** The profile name of one grant: `<account>-<role>`. */
export const profileName = (g: Grant) => `${g.account}-${g.role}`;

/**
 * What a member of `group` pastes into `~/.aws/config`: one `[profile <account>-<role>]` per role
 * the group can assume, and nothing else that is not a `#` comment (the console switch-role links
 * are comments). aws-vault and granted read the same file and the same keys, so this serves them too.
 */
export function renderProfiles(synth: SynthesizedOrg, access: AccessReport, group: string, options: ProfileOptions = {}): string {
  if (!synth.identity?.groups.some((g) => g.name === group)) {
    throw new Error(`No group "${group}" in the synthesized identity stack. Groups: ${(synth.identity?.groups ?? []).map((g) => g.name).join(', ')}.`);
  }
  const grants = access.grants.filter((g) => g.group === group);
  const source = options.sourceProfile ?? 'identity';
  if (!PROFILE_NAME.test(source)) throw new Error(`--source-profile "${source}" is not a profile name ~/.aws/config can hold (letters, digits and _.@+=,- only).`);
  const needMfa = grants.filter((g) => g.mfa);
  const example = `arn:aws:iam::${access.identityAccountId ?? '<identity-account-id>'}:mfa/<your-user-name>`;
  if (needMfa.length > 0 && !options.mfaSerial) {
    throw new Error(
      `${needMfa.length} of the ${grants.length} roles of ${group} require MFA (${needMfa.slice(0, 3).map(profileName).join(', ')}${needMfa.length > 3 ? ', ...' : ''}). ` +
        `Fix: pass your MFA device's ARN, e.g. --mfa-serial ${example} (aws iam list-mfa-devices shows it).`,
    );
  }
  if (options.mfaSerial !== undefined && !MFA_SERIAL.test(options.mfaSerial)) {
    throw new Error(`--mfa-serial "${options.mfaSerial}" is not an MFA device ARN. Fix: pass one like ${example}.`);
  }
  const out = [
    `# ~/.aws/config profiles for members of ${group}: ${grants.length} role${grants.length === 1 ? '' : 's'}.`,
    `# Append to ~/.aws/config (aws-vault and granted read it too). The [profile ${source}] (or [${source}] in`,
    '# ~/.aws/credentials) must hold your identity-account credentials.',
    '',
  ];
  for (const g of grants) {
    const duration = Math.max(MIN_SESSION, g.maxSessionDuration);
    out.push(`# ${g.role} in ${g.account} (${g.accountId}): session up to ${duration} s${g.mfa ? ', MFA' : ''}`);
    out.push(`[profile ${profileName(g)}]`, `role_arn = ${g.roleArn}`, `source_profile = ${source}`);
    if (g.mfa) out.push(`mfa_serial = ${options.mfaSerial}`);
    out.push(`duration_seconds = ${duration}`);
    if (g.externalId) out.push(`external_id = ${g.externalId}`);
    if (g.region) out.push(`region = ${g.region}`);
    out.push('');
  }
  if (grants.length > 0) out.push('# Console switch-role links:');
  for (const g of grants) {
    const role = synth.accounts.find((a) => a.stack === g.account)!.roles.find((r) => r.name === g.role)!;
    out.push(`# ${profileName(g)}: ${switchRoleUrl(g.accountId, g.role, role.path, `${g.role} @ ${g.account}`.slice(0, 64))}`);
  }
  return `${out.join('\n')}\n`;
}
