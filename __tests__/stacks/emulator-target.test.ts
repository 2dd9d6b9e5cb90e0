/** CROSS_ACCOUNT_IAM_ENDPOINT: what it changes in the synthesized stacks, and only when it is set. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emulatorBanner, emulatorTarget, ENDPOINT_ENV, ENDPOINT_STATE_ENV, providerEndpoint } from '../../stacks/emulator-target';
import { withoutEndpointOverrides } from '../../sandbox/deploy';
import { FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

const ORG = join(FIXTURES, 'full-feature.yaml');
type StackJson = { provider: { aws: Record<string, unknown>[] }; terraform: { backend: unknown }; output: Record<string, unknown> };
const readStack = (out: string, name: string) => JSON.parse(readFileSync(join(out, 'stacks', name, 'cdk.tf.json'), 'utf8')) as StackJson;

function synthWith(env: Record<string, string | undefined>): string {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    return synthOrgFile(ORG);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('emulatorTarget', () => {
  test('is off when the variable is unset or blank', () => {
    expect(emulatorTarget({})).toBeUndefined();
    expect(emulatorTarget({ [ENDPOINT_ENV]: '  ' })).toBeUndefined();
  });

  test('reads the endpoint (without a trailing slash) and the state folder (relative to the working folder; default .cross-account-iam-emulator)', () => {
    expect(emulatorTarget({ [ENDPOINT_ENV]: 'http://127.0.0.1:5000/' })).toEqual({ endpoint: 'http://127.0.0.1:5000', stateDir: resolve('.cross-account-iam-emulator') });
    expect(emulatorTarget({ [ENDPOINT_ENV]: 'https://localstack:4566', [ENDPOINT_STATE_ENV]: 'tmp/state' })).toEqual({ endpoint: 'https://localstack:4566', stateDir: resolve('tmp/state') });
    expect(emulatorTarget({ [ENDPOINT_ENV]: 'http://x:1', [ENDPOINT_STATE_ENV]: '/abs/state' })?.stateDir).toBe('/abs/state');
  });

  test('refuses what is not an http(s) URL, saying what to give', () => {
    expect(() => emulatorTarget({ [ENDPOINT_ENV]: 'ftp://127.0.0.1:5000' })).toThrow(
      'CROSS_ACCOUNT_IAM_ENDPOINT="ftp://127.0.0.1:5000" must be an http:// or https:// URL, e.g. http://127.0.0.1:5000.',
    );
    expect(() => emulatorTarget({ [ENDPOINT_ENV]: 'not a url' })).toThrow(
      'CROSS_ACCOUNT_IAM_ENDPOINT="not a url" is not a URL. Give the emulator\'s address, e.g. CROSS_ACCOUNT_IAM_ENDPOINT=http://127.0.0.1:5000, or unset it to deploy to AWS.',
    );
  });
});

describe('the emulator profile and the variables that would go before it', () => {
  test('providerEndpoint reads the endpoint back from the profile\'s file; another profile, no file or no endpoint_url is no emulator target', () => {
    const dir = tempDir('cai-profile-');
    try {
      const file = join(dir, 'aws-config');
      writeFileSync(file, '[profile cross-account-iam-emulator]\nendpoint_url = http://127.0.0.1:5001\n');
      expect(providerEndpoint({ profile: 'cross-account-iam-emulator', shared_config_files: [file] })).toBe('http://127.0.0.1:5001');
      expect(providerEndpoint({ profile: 'default', shared_config_files: [file] })).toBeUndefined();
      expect(providerEndpoint({ profile: 'cross-account-iam-emulator', shared_config_files: [join(dir, 'gone')] })).toBeUndefined();
      expect(providerEndpoint({ profile: 'cross-account-iam-emulator' })).toBeUndefined();
      writeFileSync(file, '[profile cross-account-iam-emulator]\nregion = eu-west-1\n');
      expect(providerEndpoint({ profile: 'cross-account-iam-emulator', shared_config_files: [file] })).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('endpoint variables of the shell are named in the banner and unset for Terraform; others are left alone', () => {
    const env = { AWS_ENDPOINT_URL: 'a', AWS_ENDPOINT_URL_STS: 'b', AWS_IAM_ENDPOINT: 'c', TF_AWS_STS_ENDPOINT: 'd', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_REGION: 'eu-west-1', AWS_PROFILE: 'x', MY_AWS_ENDPOINT_URL: 'e', AWS_USE_FIPS_ENDPOINT: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true', AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://x' };
    expect(withoutEndpointOverrides(env)).toEqual({ AWS_ENDPOINT_URL: undefined, AWS_ENDPOINT_URL_STS: undefined, AWS_IAM_ENDPOINT: undefined, TF_AWS_STS_ENDPOINT: undefined, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined });
    const target = { endpoint: 'http://127.0.0.1:5000', stateDir: '/tmp/s' };
    expect(emulatorBanner(target, env)).toContain(
      '!! AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS, AWS_IAM_ENDPOINT, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, TF_AWS_STS_ENDPOINT (set here) would go before that profile: unset before terraform or cdktf deploy.\n',
    );
    expect(emulatorBanner(target, { AWS_REGION: 'eu-west-1' })).not.toContain('would go before');
  });
});

describe('synthesizing with the endpoint on', () => {
  const outs: string[] = [];
  afterAll(() => outs.forEach((o) => rmSync(o, { recursive: true, force: true })));

  test('points every provider at the emulator with fake keys, keeps assume_role and allowed_account_ids, keeps state locally, and says so loudly on stderr', () => {
    const state = join(tempDir('cai-target-'), 'state');
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let out: string;
    let printed: string;
    try {
      out = synthWith({ [ENDPOINT_ENV]: 'http://127.0.0.1:5999', [ENDPOINT_STATE_ENV]: state });
    } finally {
      printed = stderr.mock.calls.map((c) => String(c[0])).join('');
      stderr.mockRestore();
    }
    outs.push(out, join(state, '..'));
    expect(printed.split('EMULATOR TARGET').length - 1).toBe(1);
    expect(printed).toContain(emulatorBanner({ endpoint: 'http://127.0.0.1:5999', stateDir: state }));
    expect(printed).toContain(`!! Every stack sends every AWS call to http://127.0.0.1:5999 with fake keys\n!! (profile cross-account-iam-emulator in ${state}/aws-config),\n`);
    const app = readStack(out, 'app');
    expect(app.provider.aws[0]).toEqual({
      access_key: 'test',
      secret_key: 'test',
      profile: 'cross-account-iam-emulator',
      shared_config_files: [join(state, 'aws-config')],
      skip_credentials_validation: true,
      skip_metadata_api_check: 'true',
      skip_region_validation: true,
      skip_requesting_account_id: false,
      max_retries: 2,
      region: 'eu-west-1',
      allowed_account_ids: ['610000000003'],
      assume_role: [{ role_arn: 'arn:aws:iam::610000000003:role/OrganizationAccountAccessRole', session_name: '${var.deployment_session_name}', external_id: 'deploy-ext-7' }],
      default_tags: app.provider.aws[0].default_tags,
    });
    // The profile sends every service to the endpoint: one global endpoint_url, no per-service list to fall short.
    expect(readFileSync(join(state, 'aws-config'), 'utf8')).toBe(
      [
        "# Written by cross-account-iam's synth because CROSS_ACCOUNT_IAM_ENDPOINT was set: NOT AWS.",
        '# The stacks synthesized with it send every AWS call to this endpoint.',
        '[profile cross-account-iam-emulator]',
        'endpoint_url = http://127.0.0.1:5999',
        '',
      ].join('\n'),
    );
    expect(providerEndpoint(app.provider.aws[0])).toBe('http://127.0.0.1:5999');
    expect(app.terraform.backend).toEqual({ local: { path: join(state, 'app.tfstate') } });
    expect(app.output.emulator_target).toEqual({
      value: `NOT AWS: an emulator at http://127.0.0.1:5999 (CROSS_ACCOUNT_IAM_ENDPOINT), state in ${state}/app.tfstate`,
      description: 'Set because CROSS_ACCOUNT_IAM_ENDPOINT was set at synth: this stack is deployed to an emulator, not to AWS',
    });
    expect(readStack(out, 'identity').terraform.backend).toEqual({ local: { path: join(state, 'identity.tfstate') } });
  });

  test('without it, the stacks are exactly as for AWS: no endpoint, no keys, the org file\'s backend', () => {
    const out = synthWith({ [ENDPOINT_ENV]: undefined });
    outs.push(out);
    const app = readStack(out, 'app');
    expect(Object.keys(app.provider.aws[0]).sort()).toEqual(['allowed_account_ids', 'assume_role', 'default_tags', 'region']);
    expect(providerEndpoint(app.provider.aws[0])).toBeUndefined();
    expect(app.output.emulator_target).toBeUndefined();
    expect(app.terraform.backend).toEqual({ s3: expect.objectContaining({ bucket: 'fullfeat-terraform-state', key: 'fullfeat/app.tfstate' }) });
  });
});
