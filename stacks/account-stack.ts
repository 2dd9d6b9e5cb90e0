/**
 * The stack of one member account: its roles (trust, permissions, boundary, session, tags), its
 * customer policies and OIDC providers, break-glass alerts, and the outputs people read.
 */
import { Construct } from 'constructs';
import { ITerraformDependable, TerraformOutput } from 'cdktf';
import { AccountModel, OrgModel, RoleModel } from '../org/model';
import { assumersOf, findPolicy, isWebIdentity, policiesIn, policyArnIn, roleSwitchUrl, rolesIn } from '../org/lookup';
import { roleTrustPolicy } from '../org/render';
import { oidcProvidersIn } from '../org/layout';
import { OidcProvider } from '../modules/oidc-provider';
import { terraformId } from '../modules/terraform-id';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { roleArn } from '../policy/arn';
import { AlertTopic } from '../modules/alert-topic';
import { AlertForwarding, AssumeAlert } from '../modules/assume-alert';
import { ALERT_FORWARDER_ROLE, alertForwarderPolicy, alertForwarderTrust, defaultEventBusArn } from '../policy/alert-policies';
import { CrossAccountRole } from '../modules/cross-account-role';
import { CustomerPolicy } from '../modules/customer-policy';
import { namedOutput, perNameOutputIsSafe, stableId, stableOutput } from '../modules/stable-id';
import { literalStrings } from '../modules/terraform-literal';
import { OrgStack, stackTarget } from './base-stack';
import { findAwsStack } from '../org/hcp-terraform';

const inlineJson = new WeakMap<RoleModel, Record<string, string>>();
/** The role's inline policies as JSON, written once for all the accounts it lives in. */
function inlinePolicyJson(role: RoleModel): Record<string, string> {
  let json = inlineJson.get(role);
  if (!json) {
    json = Object.fromEntries(role.inlinePolicies.map((p) => [p.name, JSON.stringify(p.document)]));
    inlineJson.set(role, json);
  }
  return json;
}

/** What a role waits for: its boundary policy, its customer policies, its OIDC providers (each once, in that order). */
function dependencies(boundary: CustomerPolicy | undefined, attached: readonly CustomerPolicy[], providers: readonly ITerraformDependable[]): ITerraformDependable[] | undefined {
  const all = [...new Set([...(boundary ? [boundary.policy] : []), ...attached.map((p) => p.policy), ...providers])];
  return all.length ? all : undefined;
}

/** A member account: the roles that live there, each trusting the identity account or its named principals. */
export class AccountStack extends OrgStack {
  readonly roles: readonly CrossAccountRole[];
  private topicArn?: string;
  private forwarding?: AlertForwarding[];

  constructor(scope: Construct, model: OrgModel, readonly account: AccountModel) {
    super(scope, model, stackTarget(findAwsStack(model, account.key)));
    // Customer managed policies: created here when a role of this account uses one.
    const policies = new Map(
      policiesIn(model, account.key).map((p) => [
        p.name,
        new CustomerPolicy(this, `policy-${p.name}`, { policyName: p.name, path: p.path, description: p.description, document: JSON.stringify(p.document), ...(p.adopt ? { adopt: true, accountId: account.accountId } : {}) }),
      ]),
    );
    // OIDC providers: one per issuer whose workloads are granted a role here (unless it exists already).
    const oidcProviders = new Map(
      oidcProvidersIn(model, account.key)
        .filter((p) => p.mode !== 'existing')
        .map((p) => [
          p.issuerHostPath,
          new OidcProvider(this, `oidc-provider-${terraformId(p.issuerHostPath)}`, { issuerUrl: p.issuerUrl, accountId: account.accountId, audiences: p.audiences, thumbprints: p.thumbprints, adopt: p.mode === 'adopt' }).provider,
        ]),
    );
    // Every role of the org, not only this account's: a reader takes role_<escaped>_arn for the role of that literal name, wherever it lives.
    const roleNames = model.roles.map((r) => r.name);
    const rolesHere = rolesIn(model, account.key);
    this.roles = rolesHere.map((role) => {
      // IAM refuses a trust naming an OIDC provider that does not exist yet: the role waits for it.
      const providers = assumersOf(model, role.name, account.key)
        .filter(isWebIdentity)
        .flatMap((a) => oidcProviders.get(a.principal.issuerHostPath) ?? []);
      const boundary = role.permissionsBoundaryPolicy === undefined ? undefined : policies.get(role.permissionsBoundaryPolicy)!;
      const construct = new CrossAccountRole(this, `role-${role.name}`, {
        roleName: role.name,
        path: role.path,
        description: role.description,
        trustPolicy: roleTrustPolicy(model, role, account),
        // Attached by reference: Terraform creates the policy before attaching it.
        managedPolicyArns: [...role.managedPolicyArns, ...role.customerPolicies.map((name) => policies.get(name)!.arn)],
        inlinePolicies: inlinePolicyJson(role),
        // The boundary by its literal ARN (readable in review), waiting for the policy.
        permissionsBoundary: boundary ? policyArnIn(account.accountId, findPolicy(model, boundary.policyName)) : role.permissionsBoundaryArn,
        // Created after, so destroyed before, its customer policies: deleting the role detaches them
        // (force_detach_policies) while they still exist, with no DeleteConflict.
        dependsOn: dependencies(boundary, role.customerPolicies.map((name) => policies.get(name)!), providers),
        maxSessionDuration: role.maxSessionDuration,
        tags: role.tags,
        protect: role.protect,
        adopt: role.adopt,
      });
      if (role.alertOnAssume) {
        new AssumeAlert(construct, 'alert', { roleName: role.name, roleArn: roleArn(account.accountId, role.name, role.path), topicArn: this.alertTopic(), forwardFrom: this.alertForwarding() });
      }
      // Per-name outputs, kept for readers of earlier versions (the maps below are the ones to read).
      if (!perNameOutputIsSafe(role.name, roleNames)) return construct;
      stableOutput(
        new TerraformOutput(construct, 'arn-output', literalStrings({ value: construct.arn, description: `ARN of ${role.name} in ${account.key}` })),
        'role',
        role.name,
        'arn',
      );
      stableOutput(
        new TerraformOutput(
          construct,
          'switch-role-url-output',
          literalStrings({ value: roleSwitchUrl(account, role), description: `Console link that switches into ${role.name} in ${account.key}` }),
        ),
        'role',
        role.name,
        'switch',
        'role',
        'url',
      );
      return construct;
    });
    // The outputs to read, keyed by the real IAM name: terraform output -json role_arns | jq -r '."ops.admin"'.
    if (rolesHere.length > 0) {
      namedOutput(this, 'role_arns', Object.fromEntries(rolesHere.map((r) => [r.name, roleArn(account.accountId, r.name, r.path)])), `ARN of each role in ${account.key}, by role name`);
      namedOutput(this, 'role_switch_role_urls', Object.fromEntries(rolesHere.map((r) => [r.name, roleSwitchUrl(account, r)])), `Console link that switches into each role in ${account.key}, by role name`);
    }
    // Where grants by organizational unit reach this account: what the review reads to tell them apart.
    if (account.orgPath !== undefined) {
      new TerraformOutput(this, 'organizational_unit_path', literalStrings({ value: account.orgPath, description: `aws:ResourceOrgPaths of ${account.key} (organizational unit ${account.ou}): grants by unit reach the roles of accounts under it` })).overrideLogicalId('organizational_unit_path');
    }
    if (model.guardrails.accessAnalyzer === 'account') addAccountAnalyzer(this, model, account.key);
  }

  /** Where this account's alerts go: the org's topic, or one made here for the alert e-mails. */
  private alertTopic(): string {
    if (!this.topicArn) {
      const { topicArn, emails } = this.model.guardrails.alerts;
      this.topicArn = topicArn ?? new AlertTopic(this, 'alert-topic', { name: `cross-account-iam-${this.model.organization}-alerts`, accountId: this.account.accountId, emails }).topic.arn;
    }
    return this.topicArn;
  }

  /**
   * The other regions alerts are watched in (guardrails.alerts.regions), each with its provider, and
   * the one role of the account EventBridge forwards their events to this region's bus with.
   */
  private alertForwarding(): AlertForwarding[] {
    if (!this.forwarding) {
      const { accountId, region } = this.account;
      const others = this.model.guardrails.alerts.regions.filter((r) => r !== region);
      const homeBusArn = defaultEventBusArn(region, accountId);
      const forwarder =
        others.length === 0
          ? undefined
          : new CrossAccountRole(this, 'alert-forwarder', {
              roleName: ALERT_FORWARDER_ROLE,
              accountId,
              description: `EventBridge forwards AssumeRole alerts of other regions to ${region}`,
              trustPolicy: alertForwarderTrust(accountId),
              inlinePolicies: { 'put-on-home-bus': alertForwarderPolicy(homeBusArn) },
            });
      this.forwarding = others.map((r) => ({ region: r, provider: this.providerIn(r), homeBusArn, roleArn: forwarder!.arn }));
    }
    return this.forwarding;
  }
}

/** IAM Access Analyzer for one account: lists what is shared outside it (e.g. roles trusting third parties). */
export function addAccountAnalyzer(scope: OrgStack, model: OrgModel, stackName: string): void {
  stableId(new AccessanalyzerAnalyzer(scope, 'access-analyzer', literalStrings({ analyzerName: `cross-account-iam-${model.organization}-${stackName}`, type: 'ACCOUNT' })), 'access', 'analyzer');
}

