import { Construct } from 'constructs';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack, TerraformVariable } from 'cdktf';
import { AwsProvider, AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { roleArn } from '../policy/arn';
import { OrgModel } from '../org/model';
import type { BackendFile } from '../org/schema';
import { AwsStack, deployerRoles, findAwsStack, workspaceName } from '../org/hcp-terraform';
import { stackDefaultTags } from '../org/layout';
import { literalStrings } from '../modules/terraform-literal';
import { guardAddresses } from '../modules/stable-id';
import { prepareEmulatorTarget, emulatorProviderConfig, emulatorTarget, useEmulatorState } from './emulator-target';

/**
 * The AWS provider versions the stacks admit: the 5.x line from 5.100 (the first with every
 * `*_exclusive` IAM resource used here and the version of the offline mirror) and the current 6.x.
 */
export const AWS_PROVIDER_CONSTRAINT = '>= 5.100.0, < 7.0.0';

/** Where a stack deploys: which account, in which region, under which tags. */
export interface StackTarget {
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  readonly environment?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** The role the provider assumes in the account. */
  readonly deploymentRoleName: string;
  readonly deploymentExternalId?: string;
  /**
   * A bootstrap stack of HCP Terraform mode: it goes through the deployment role (the admin path)
   * and keeps its state in the bootstrap backend, whatever the mode of the other stacks.
   */
  readonly bootstrap?: boolean;
}

/** Where one of the org's stacks deploys (see `awsStacks`), with anything to set otherwise. */
export function stackTarget(stack: AwsStack, overrides: Partial<StackTarget> = {}): StackTarget {
  return {
    stackName: stack.name,
    accountId: stack.accountId,
    region: stack.region,
    environment: stack.environment,
    tags: stack.tags,
    deploymentRoleName: stack.deploymentRoleName,
    deploymentExternalId: stack.deploymentExternalId,
    ...overrides,
  };
}

/**
 * A stack of this app: an AWS provider that assumes the deployment role in its own account, the
 * org's default tags, and the backend the org file chose.
 */
export class OrgStack extends TerraformStack {
  readonly provider: AwsProvider;
  private readonly providerConfig: AwsProviderConfig;
  private readonly regional = new Map<string, AwsProvider>();

  /** The provider of another region of the same account: the stack's own settings, aliased by the region's name. */
  providerIn(region: string): AwsProvider {
    let provider = this.regional.get(region);
    if (!provider) {
      provider = new AwsProvider(this, `aws-${region}`, { ...this.providerConfig, region, alias: region });
      this.regional.set(region, provider);
    }
    return provider;
  }

  constructor(scope: Construct, readonly model: OrgModel, readonly target: StackTarget) {
    super(scope, target.stackName);
    // CROSS_ACCOUNT_IAM_ENDPOINT points the stack at an AWS API emulator instead of AWS (see stacks/emulator-target.ts).
    const emulator = emulatorTarget();
    if (emulator) prepareEmulatorTarget(emulator);
    const hcp = target.bootstrap ? undefined : model.deployment.hcpTerraform;
    this.providerConfig = literalStrings({
      ...(emulator ? emulatorProviderConfig(emulator) : {}),
      region: target.region,
      // Also in HCP Terraform mode: a workspace wired to another account's roles fails before any change.
      allowedAccountIds: [target.accountId],
      // In HCP Terraform mode the run's own credentials are the stack's role (no keys, no hop); on
      // an emulator, which has no HCP Terraform token, the apply role is assumed in its place.
      assumeRole: hcp ? (emulator ? [{ roleArn: deployerRoles(hcp, findAwsStack(model, target.stackName)).apply.arn, sessionName: 'emulator-apply-phase' }] : undefined) : [deploymentRole(this, model, target)],
      defaultTags: [
        {
          tags: stackDefaultTags(model, target.stackName, target.environment, target.tags),
        },
      ],
    });
    this.provider = new AwsProvider(this, 'aws', this.providerConfig);
    this.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_CONSTRAINT);
    if (emulator) useEmulatorState(this, emulator, target.stackName);
    else if (target.bootstrap) configureBackend(this, model.deployment.hcpTerraform?.bootstrapBackend ?? { type: 'local' }, model, target.stackName);
    else configureBackend(this, model.deployment.backend, model, target.stackName);
    guardAddresses(this);
  }
}

/** The deployment role the provider assumes: the admin path into the stack's account. */
function deploymentRole(stack: TerraformStack, model: OrgModel, target: StackTarget) {
  // The session name shows in CloudTrail of every change; CI sets TF_VAR_deployment_session_name
  // to its run id so each apply can be traced to the run that made it.
  const sessionName = new TerraformVariable(stack, 'deployment_session_name', literalStrings({
    type: 'string',
    default: `cross-account-iam-${model.organization}-${target.stackName}`.slice(0, 64),
    description: 'Session name of the deployment role (set it to the CI run id, e.g. TF_VAR_deployment_session_name=gha-$GITHUB_RUN_ID)',
  }));
  return {
    roleArn: roleArn(target.accountId, target.deploymentRoleName),
    sessionName: sessionName.stringValue,
    externalId: target.deploymentExternalId,
  };
}

function configureBackend(stack: TerraformStack, backend: BackendFile, model: OrgModel, stackName: string): void {
  switch (backend.type) {
    case 'local':
      new LocalBackend(stack, literalStrings({ path: backend.path ? `${backend.path.replace(/\/$/, '')}/${stackName}.tfstate` : `terraform.${stackName}.tfstate` }));
      return;
    case 's3': {
      const prefix = backend.keyPrefix ? `${backend.keyPrefix.replace(/\/$/, '')}/` : `${model.organization}/`;
      new S3Backend(stack, literalStrings({
        bucket: backend.bucket,
        key: `${prefix}${stackName}.tfstate`,
        region: backend.region ?? model.region,
        encrypt: backend.encrypt ?? true,
        dynamodbTable: backend.dynamodbTable,
      }));
      if (backend.useLockfile ?? backend.dynamodbTable === undefined) stack.addOverride('terraform.backend.s3.use_lockfile', true);
      return;
    }
    case 'cloud': {
      const name = workspaceName(model, stackName);
      new CloudBackend(stack, literalStrings({
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(literalStrings(name), literalStrings(backend.project)),
      }));
      return;
    }
  }
}
