/**
 * The emulator deploy target, at synth: with `CROSS_ACCOUNT_IAM_ENDPOINT` set, every stack's
 * provider talks to that AWS-compatible endpoint (moto, LocalStack) with fake keys, and its state is
 * kept in a local folder whatever backend the org file chose. Meant for trying a deploy without an
 * AWS account; never for AWS: the synth says so on stderr, and the fake keys could not sign in to
 * AWS anyway. The stacks read it (base-stack.ts); starting an emulator and deploying to it is the
 * sandbox's (sandbox/).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';

/** The variable that turns the emulator target on: the endpoint's URL. */
export const ENDPOINT_ENV = 'CROSS_ACCOUNT_IAM_ENDPOINT';
/** Folder of the local state files when the endpoint is on. Default `.cross-account-iam-emulator` in the working folder. */
export const ENDPOINT_STATE_ENV = 'CROSS_ACCOUNT_IAM_ENDPOINT_STATE';
export const DEFAULT_ENDPOINT_STATE = '.cross-account-iam-emulator';

/**
 * The AWS profile every stack's provider uses when the endpoint is on. Its shared config file, in the
 * state folder, gives it the endpoint as `endpoint_url`: every AWS call of every service goes there.
 * (The provider's `endpoints` block would send only the services it lists, and it costs the AWS
 * provider about 2 s of CPU at each of its 3 or 4 starts per Terraform command: measured, a plan
 * of one stack took 10 s of CPU with it and 4 s without.)
 */
export const EMULATOR_PROFILE = 'cross-account-iam-emulator';
/** The shared config file of {@link EMULATOR_PROFILE}, in the state folder. */
export const EMULATOR_CONFIG_FILE = 'aws-config';

/** Fake keys: both moto and LocalStack accept any, AWS none. */
export const EMULATOR_ACCESS_KEY = 'test';
export const EMULATOR_SECRET_KEY = 'test';

export interface EmulatorTarget {
  /** e.g. `http://127.0.0.1:5000` */
  readonly endpoint: string;
  /** Absolute folder of the state files, one `<stack>.tfstate` per stack. */
  readonly stateDir: string;
}

/** The emulator target the environment asks for, or undefined for a real deployment. */
export function emulatorTarget(env: NodeJS.ProcessEnv = process.env): EmulatorTarget | undefined {
  const raw = env[ENDPOINT_ENV]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${ENDPOINT_ENV}="${raw}" is not a URL. Give the emulator's address, e.g. ${ENDPOINT_ENV}=http://127.0.0.1:5000, or unset it to deploy to AWS.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${ENDPOINT_ENV}="${raw}" must be an http:// or https:// URL, e.g. http://127.0.0.1:5000.`);
  }
  const endpoint = raw.replace(/\/+$/, '');
  const state = env[ENDPOINT_STATE_ENV]?.trim() || DEFAULT_ENDPOINT_STATE;
  return { endpoint, stateDir: isAbsolute(state) ? state : resolve(state) };
}

/** Where the stacks' shared config file is: `<state folder>/aws-config`. */
export function emulatorConfigFile(target: EmulatorTarget): string {
  return join(target.stateDir, EMULATOR_CONFIG_FILE);
}

/** The text of the shared config file: the profile and its `endpoint_url`. */
export function emulatorConfigText(target: EmulatorTarget): string {
  return [
    `# Written by cross-account-iam's synth because ${ENDPOINT_ENV} was set: NOT AWS.`,
    '# The stacks synthesized with it send every AWS call to this endpoint.',
    `[profile ${EMULATOR_PROFILE}]`,
    `endpoint_url = ${target.endpoint}`,
    '',
  ].join('\n');
}

const written = new Map<string, string>();
/**
 * Writes the shared config file (and the state folder) that the stacks' provider reads. Written
 * whole or not at all (a temporary file renamed), once per process for each file and text.
 */
export function writeEmulatorConfig(target: EmulatorTarget): string {
  const file = emulatorConfigFile(target);
  const text = emulatorConfigText(target);
  if (written.get(file) === text && existsSync(file)) return file;
  mkdirSync(target.stateDir, { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
  written.set(file, text);
  return file;
}

/**
 * The endpoint a synthesized stack's provider sends its calls to, read back from its shared config
 * file; undefined when the provider has no emulator profile (a stack synthesized for AWS).
 */
export function providerEndpoint(provider: Readonly<Record<string, unknown>>): string | undefined {
  const files = provider.shared_config_files;
  if (provider.profile !== EMULATOR_PROFILE || !Array.isArray(files) || typeof files[0] !== 'string' || !existsSync(files[0])) return undefined;
  return /^endpoint_url = (\S+)$/m.exec(readFileSync(files[0], 'utf8'))?.[1];
}

/** Provider settings that point a stack at the emulator (its shared config file written by {@link writeEmulatorConfig}). */
export function emulatorProviderConfig(target: EmulatorTarget): Partial<AwsProviderConfig> {
  return {
    accessKey: EMULATOR_ACCESS_KEY,
    secretKey: EMULATOR_SECRET_KEY,
    profile: EMULATOR_PROFILE,
    sharedConfigFiles: [emulatorConfigFile(target)],
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRegionValidation: true,
    // The provider asks STS who it is: that is how `allowed_account_ids` is checked against the emulator too.
    skipRequestingAccountId: false,
    maxRetries: 2,
  };
}

/**
 * The stack's state in the emulator's state folder, in place of the org file's backend, and an
 * `emulator_target` output, so that `terraform apply`, `cdktf deploy` and `terraform output` say
 * it too (cdktf does not show the synth's stderr).
 */
export function useEmulatorState(stack: TerraformStack, target: EmulatorTarget, stackName: string): void {
  const path = join(target.stateDir, `${stackName}.tfstate`);
  new LocalBackend(stack, { path });
  new TerraformOutput(stack, EMULATOR_OUTPUT, {
    value: emulatorOutputValue(target, path),
    description: `Set because ${ENDPOINT_ENV} was set at synth: this stack is deployed to an emulator, not to AWS`,
  }).overrideLogicalId(EMULATOR_OUTPUT);
}

/** The output every stack has when synthesized for an emulator. */
export const EMULATOR_OUTPUT = 'emulator_target';
export function emulatorOutputValue(target: EmulatorTarget, statePath: string): string {
  return `NOT AWS: an emulator at ${target.endpoint} (${ENDPOINT_ENV}), state in ${statePath}`;
}

/**
 * Variables with which AWS's SDK or provider would send calls elsewhere than a profile's
 * `endpoint_url` (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, the provider's older
 * AWS_<SERVICE>_ENDPOINT and TF_AWS_<SERVICE>_ENDPOINT), or ignore it (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS).
 */
export const isEndpointOverride = (name: string) =>
  /^AWS_ENDPOINT_URL(_|$)|^(TF_)?AWS_[A-Z0-9_]+_ENDPOINT$|^AWS_IGNORE_CONFIGURED_ENDPOINT_URLS$/.test(name) && !/^AWS_USE_|METADATA/.test(name);

/** The warning printed when the endpoint is on; it names the variables of `env` that would override the profile. */
export function emulatorBanner(target: EmulatorTarget, env: NodeJS.ProcessEnv = process.env): string {
  const rule = '!'.repeat(78);
  const overrides = Object.keys(env).filter((k) => isEndpointOverride(k) && env[k] !== undefined).sort();
  return [
    rule,
    `!! EMULATOR TARGET (${ENDPOINT_ENV} is set): NOT A DEPLOYMENT TO AWS`,
    `!! Every stack sends every AWS call to ${target.endpoint} with fake keys`,
    `!! (profile ${EMULATOR_PROFILE} in ${emulatorConfigFile(target)}),`,
    `!! and keeps its state in ${target.stateDir} instead of the org file's backend.`,
    ...(overrides.length > 0 ? [`!! ${overrides.join(', ')} (set here) would go before that profile: unset before terraform or cdktf deploy.`] : []),
    `!! Unset ${ENDPOINT_ENV} and synthesize again before deploying to AWS.`,
    rule,
    '',
  ].join('\n');
}

let announced = false;
/** Writes the stacks' shared config file, and the banner to stderr once per process (and thread). */
export function prepareEmulatorTarget(target: EmulatorTarget): void {
  writeEmulatorConfig(target);
  if (announced) return;
  announced = true;
  process.stderr.write(emulatorBanner(target));
}
