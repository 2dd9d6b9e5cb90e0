/**
 * The `profiles` command: an ~/.aws/config profile for every role a group may assume, read from the
 * synthesized policies, with the console switch-role links.
 */
import { AccessReport, Grant, PEOPLE_NOUN } from './access';
import { switchRoleUrl } from '../policy/arn';
import { SynthesizedOrg } from './artifact';

export interface ProfileOptions {
  /** The profile holding the person's identity-account credentials. Default `identity`. */
  readonly sourceProfile?: string;
  /** The person's MFA device ARN; required when any of the group's roles requires MFA. */
  readonly mfaSerial?: string;
  /** Put before the name of every profile written (e.g. `ps-`), so that profiles of a group and of a permission set can sit side by side. */
  readonly prefix?: string;
}

/** AWS's shortest role session; `duration_seconds` below it is refused by STS. */
const MIN_SESSION = 900;
/** An MFA device ARN as IAM writes it: virtual (`:mfa/name`) or hardware/U2F (`:u2f/...`, `:sms-mfa/...`). */
const MFA_SERIAL = /^arn:aws[a-z-]*:iam::\d{12}:(mfa|u2f|sms-mfa)\/[\w+=,.@/-]+$/;
/** What a `[profile NAME]` header and a config value may hold without breaking the INI file. */
const PROFILE_NAME = /^[A-Za-z0-9_.@+=,-]+$/;

/** AWS caps a session assumed from a role session (role chaining) at 1 hour. */
const CHAINED_MAX_SESSION = 3600;

/** The profile name of one grant: `<prefix><account>-<role>`. */
export const profileName = (g: Grant, prefix = '') => `${prefix}${g.account}-${g.role}`;

/** The `prefix` option, checked: it becomes part of `[profile NAME]` headers. */
function profilePrefix(prefix: string | undefined): string {
  if (prefix === undefined) return '';
  if (!PROFILE_NAME.test(prefix)) throw new Error(`--prefix "${prefix}" is not a start of a profile name ~/.aws/config can hold (letters, digits and _.@+=,- only).`);
  return prefix;
}

/**
 * What a member of `group` pastes into `~/.aws/config`: one `[profile <account>-<role>]` per role
 * the group can assume, and nothing else that is not a `#` comment (the console switch-role links
 * are comments). aws-vault and granted read the same file and the same keys, so this serves them too.
 */
export function renderProfiles(synth: SynthesizedOrg, access: AccessReport, group: string, options: ProfileOptions = {}): string {
  if (!synth.identity?.groups.some((g) => g.name === group)) {
    const federated = synth.identity?.permissionSets?.some((p) => p.name === group) ? '--permission-set' : synth.identity?.samlRoles?.some((r) => r.name === group) ? '--saml-role' : undefined;
    throw new Error(
      `No group "${group}" in the synthesized identity stack. Groups: ${(synth.identity?.groups ?? []).map((g) => g.name).join(', ')}.` +
        (federated ? ` "${group}" is a ${federated === '--permission-set' ? 'permission set' : 'SAML role'}: use ${federated} ${group}.` : ''),
    );
  }
  const grants = access.grants.filter((g) => g.kind === 'iam-group' && g.group === group);
  const prefix = profilePrefix(options.prefix);
  const source = options.sourceProfile ?? 'identity';
  if (!PROFILE_NAME.test(source)) throw new Error(`--source-profile "${source}" is not a profile name ~/.aws/config can hold (letters, digits and _.@+=,- only).`);
  const needMfa = grants.filter((g) => g.mfa);
  const example = `arn:aws:iam::${access.identityAccountId ?? '<identity-account-id>'}:mfa/<your-user-name>`;
  if (needMfa.length > 0 && !options.mfaSerial) {
    throw new Error(
      `${needMfa.length} of the ${grants.length} roles of ${group} require MFA (${needMfa.slice(0, 3).map((g) => profileName(g, prefix)).join(', ')}${needMfa.length > 3 ? ', ...' : ''}). ` +
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
    out.push(`[profile ${profileName(g, prefix)}]`, `role_arn = ${g.roleArn}`, `source_profile = ${source}`);
    if (g.mfa) out.push(`mfa_serial = ${options.mfaSerial}`);
    out.push(`duration_seconds = ${duration}`);
    if (g.externalId) out.push(`external_id = ${g.externalId}`);
    if (g.region) out.push(`region = ${g.region}`);
    out.push('');
  }
  if (grants.length > 0) out.push('# Console switch-role links:');
  const roles = new Map(synth.accounts.flatMap((a) => a.roles.map((r) => [`${r.name} @ ${a.stack}`, r] as const)));
  for (const g of grants) {
    const role = roles.get(`${g.role} @ ${g.account}`)!;
    out.push(`# ${profileName(g, prefix)}: ${switchRoleUrl(g.accountId, g.role, role.path, `${g.role} @ ${g.account}`.slice(0, 64))}`);
  }
  return `${out.join('\n')}\n`;
}

export interface FederatedProfileOptions {
  /**
   * Permission sets: the `[sso-session NAME]` of the person's ~/.aws/config (`aws configure sso-session`
   * writes it). A profile `identity-<permission set>` signs in with it; the role profiles chain from it.
   */
  readonly ssoSession?: string;
  /**
   * A profile that already holds the federated session in the identity account, to chain from instead:
   * for a permission set, an SSO profile of it; for a SAML role, the profile a SAML tool (saml2aws, ...) writes.
   */
  readonly sourceProfile?: string;
  /** Put before the name of every profile written, `identity-<permission set>` included (see {@link ProfileOptions.prefix}). */
  readonly prefix?: string;
}

/**
 * Profiles for people who arrive in the identity account federated: an Identity Center permission set
 * (from an `sso_session` profile, which this writes, or from `sourceProfile`) or a SAML role (from the
 * profile the person's SAML tool writes: AWS's CLI cannot sign in with SAML itself). Every role profile
 * chains from it: `source_profile`, no MFA (the sign-in's), sessions of at most 1 hour (role chaining).
 */
export function renderFederatedProfiles(synth: SynthesizedOrg, access: AccessReport, kind: 'permission-set' | 'saml-role', name: string, options: FederatedProfileOptions = {}): string {
  const known = kind === 'permission-set' ? (synth.identity?.permissionSets ?? []).map((p) => p.name) : (synth.identity?.samlRoles ?? []).map((r) => r.name);
  const noun = PEOPLE_NOUN[kind];
  if (!known.includes(name) && !access.grants.some((g) => g.kind === kind && g.group === name)) {
    throw new Error(`No ${noun} "${name}" in the synthesized identity stack. ${noun[0].toUpperCase()}${noun.slice(1)}s: ${known.join(', ') || 'none'}.`);
  }
  const identityId = access.identityAccountId ?? synth.identity?.accountId ?? '<identity-account-id>';
  for (const [flag, value] of [['--sso-session', options.ssoSession], ['--source-profile', options.sourceProfile]] as const) {
    if (value !== undefined && !PROFILE_NAME.test(value)) throw new Error(`${flag} "${value}" is not a name ~/.aws/config can hold (letters, digits and _.@+=,- only).`);
  }
  const prefix = profilePrefix(options.prefix);
  const out: string[] = [];
  const grants = access.grants.filter((g) => g.kind === kind && g.group === name);
  let source = options.sourceProfile;
  if (kind === 'saml-role') {
    if (!source) {
      throw new Error(
        `SAML role ${name}: the AWS CLI cannot sign in with SAML, so these profiles chain from the profile your SAML tool (saml2aws, ...) writes for ${name}. Fix: pass --source-profile NAME.`,
      );
    }
    out.push(
      `# ~/.aws/config profiles for people signing in as SAML role ${name}: ${grants.length} role${grants.length === 1 ? '' : 's'}.`,
      `# Append to ~/.aws/config. The [profile ${source}] must hold your SAML role session (your SAML tool writes it);`,
      '# each profile below chains from it (role chaining: sessions of at most 1 h; MFA is your identity provider\'s).',
      '',
    );
  } else {
    out.push(`# ~/.aws/config profiles for people with the IAM Identity Center permission set ${name}: ${grants.length} role${grants.length === 1 ? '' : 's'}.`);
    if (!source) {
      if (!options.ssoSession) {
        throw new Error(
          `Permission set ${name}: the profiles chain from an IAM Identity Center sign-in. Fix: pass --sso-session NAME (the [sso-session NAME] section of your ~/.aws/config; aws configure sso-session writes it), or --source-profile NAME (a profile that already signs in to ${identityId} with ${name}).`,
        );
      }
      source = `${prefix}identity-${name}`;
      out.push(
        `# Append to ~/.aws/config, beside your [sso-session ${options.ssoSession}] section; sign in with: aws sso login --sso-session ${options.ssoSession}`,
        `# [profile ${source}] enters the identity account in the permission set; each role profile chains from it`,
        "# (role chaining: sessions of at most 1 h; MFA is IAM Identity Center's).",
        '',
        `[profile ${source}]`,
        `sso_session = ${options.ssoSession}`,
        `sso_account_id = ${identityId}`,
        `sso_role_name = ${name}`,
        ...(synth.identity?.region ? [`region = ${synth.identity.region}`] : []),
        '',
      );
    } else {
      out.push(`# Append to ~/.aws/config. Each profile chains from [profile ${source}], your sign-in with ${name}`, "# (role chaining: sessions of at most 1 h; MFA is IAM Identity Center's).", '');
    }
  }
  for (const g of grants) {
    const duration = Math.max(MIN_SESSION, Math.min(CHAINED_MAX_SESSION, g.maxSessionDuration));
    out.push(`# ${g.role} in ${g.account} (${g.accountId}): session up to ${duration} s (role chaining)`);
    out.push(`[profile ${profileName(g, prefix)}]`, `role_arn = ${g.roleArn}`, `source_profile = ${source}`, `duration_seconds = ${duration}`);
    if (g.region) out.push(`region = ${g.region}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
