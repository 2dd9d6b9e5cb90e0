import { Construct, IConstruct } from 'constructs';
import type { ZodType } from 'zod';
import { ITerraformDependable, Lazy, TerraformStack, Token } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePoliciesExclusive } from '@cdktf/provider-aws/lib/iam-role-policies-exclusive';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import { AccountId, IamPath, RoleName, SessionDuration } from '../org/schema';
import { oidcIssuerHostPath, roleArn } from '../policy/arn';
import { AssumeGrant } from '../policy/assume-policy';
import { Assumer, PermissionSetAssumer, renderTrustParts, TrustContext, TrustPart, WebIdentityAssumer } from '../policy/assumers';
import { PolicyDocument } from '../policy/document';
import { OidcProvider } from './oidc-provider';
import { stableId } from './stable-id';
import { literalStrings, terraformLiteral } from './terraform-literal';

/**
 * What a role's trust asks of the people and workloads that `grantAssume` lets in. Used only for the
 * trust rendered from grants (a `trustPolicy` prop is taken as written).
 */
export interface CrossAccountRoleTrustProps {
  /** The account the role lives in: its ARN (for the assumer side's policy) and its OIDC providers (web identities). */
  readonly accountId?: string;
  /** People (IAM users of the identity account) must have signed in with MFA. Default true. Federated people and workloads never carry AWS's MFA key. */
  readonly mfa?: boolean;
  /** Longest age of that MFA sign-in, in seconds (`aws:MultiFactorAuthAge`). Needs `mfa`. */
  readonly mfaMaxAgeSeconds?: number;
  /** Assumers may pass session tags (`sts:TagSession`). Default false. */
  readonly sessionTags?: boolean;
  /** Assumers may set a source identity (`sts:SetSourceIdentity`). Default false. */
  readonly sourceIdentity?: boolean;
  /** `sts:ExternalId` named principals must pass; required for principals outside the org. */
  readonly externalId?: string;
  /** `aws:PrincipalOrgID` asked of principals inside the org (not of web identities). */
  readonly orgId?: string;
  /** CIDR ranges the caller must come from (`aws:SourceIp`). */
  readonly sourceIps?: readonly string[];
}

export interface CrossAccountRoleProps extends CrossAccountRoleTrustProps {
  /** The IAM role name. Resource addresses are derived from it. */
  readonly roleName: string;
  /**
   * Who may assume the role: build it with `renderTrustPolicy` or `PolicyDocument`. Without it, the
   * trust is rendered at synth from the `grantAssume` calls, and a role nobody was granted is an error.
   */
  readonly trustPolicy?: PolicyDocument;
  /** Default `/`. */
  readonly path?: string;
  readonly description?: string;
  /** Managed policy ARNs to attach. Any other attached policy is detached at apply. */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policies by name. Any other inline policy is deleted at apply. */
  readonly inlinePolicies?: Readonly<Record<string, PolicyDocument | string>>;
  /** Permissions boundary ARN. */
  readonly permissionsBoundary?: string;
  /** Resources the role waits for, e.g. the customer policy its boundary ARN names. */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Seconds, 3600 to 43200. Default 3600. */
  readonly maxSessionDuration?: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** Terraform refuses to destroy the role (`prevent_destroy`). Default false. */
  readonly protect?: boolean;
  /** The role exists already (made by hand): emit an `import` block instead of creating it. Default false. */
  readonly adopt?: boolean;
}

/**
 * The assumer side of a grant: a construct of the identity account whose own policies must allow
 * `sts:AssumeRole` on the role (an `AssumeRoleGroup`, a `SamlRole`).
 */
export interface AssumingConstruct extends IConstruct {
  readonly principal: Assumer;
  /** Adds the role to the roles its policies allow. */
  allowAssume(role: CrossAccountRole | string, requirements?: AssumeRequirements): void;
}

/** What the role's trust asks for, which the assumer side's policy must match. */
export type AssumeRequirements = Partial<Omit<AssumeGrant, 'roleArn'>>;

/** The assumer sides of each app, by the principal they hold: `grantAssume(group.principal)` finds its group. */
const assumingConstructs = new WeakMap<IConstruct, Map<string, AssumingConstruct>>();

function sideKey(principal: Assumer): string {
  const account = (principal as { identityAccountId?: string }).identityAccountId ?? '';
  return `${principal.kind} ${account} ${principal.name}`;
}

/** Records an assumer side so roles of the same app find it from its principal alone. */
export function registerAssumingConstruct(side: AssumingConstruct): void {
  const root = side.node.root;
  const byKey = assumingConstructs.get(root) ?? new Map<string, AssumingConstruct>();
  assumingConstructs.set(root, byKey);
  const key = sideKey(side.principal);
  const other = byKey.get(key);
  if (other && other !== side) throw new Error(`${side.node.path}: ${side.principal.describe()} is already defined at ${other.node.path}. Fix: define each group or SAML role once and grant roles to that one.`);
  byKey.set(key, side);
}

function isAssumingConstruct(x: unknown): x is AssumingConstruct {
  return typeof x === 'object' && x !== null && 'principal' in x && typeof (x as AssumingConstruct).allowAssume === 'function' && 'node' in x;
}

/** Options of `grantAssume`. */
export interface GrantAssumeOptions {
  /**
   * Only the trust: leave the assumer side's policy alone even when its construct is in this app.
   * Default false.
   */
  readonly trustOnly?: boolean;
}

/** Throws a construct's message for a prop that breaks `schema`'s rule (the org file's rule for the same value). */
export function checkProp(where: string, prop: string, value: string | undefined, schema: ZodType<string>): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${where}: ${prop} "${value}" ${result.error!.issues[0].message}.`);
}

/** Checks a role's name, path and session length as IAM will (used by every construct that makes a role). */
export function checkRoleProps(where: string, props: { roleName: string; path?: string; maxSessionDuration?: number; accountId?: string }): void {
  if (!Token.isUnresolved(props.roleName) && props.roleName.length === 0) throw new Error(`${where}: roleName is empty. Fix: give the role a name of 1 to 64 letters, digits and +=,.@_-.`);
  checkProp(where, 'roleName', props.roleName, RoleName);
  checkProp(where, 'path', props.path, IamPath);
  checkProp(where, 'accountId', props.accountId, AccountId);
  const seconds = props.maxSessionDuration;
  if (seconds !== undefined && !Token.isUnresolved(seconds) && !SessionDuration.safeParse(seconds).success) {
    throw new Error(`${where}: maxSessionDuration ${seconds} must be a whole number of seconds from 3600 (1 hour) to 43200 (12 hours), IAM's range.`);
  }
}

/**
 * A role in a member account that someone from another account assumes. The trust policy and the
 * inline policies are written as literal JSON, exactly what AWS will store. Managed policy
 * attachments and inline policies are managed exclusively: a policy attached or written by hand is
 * removed at the next apply.
 *
 * Who may assume it is either the `trustPolicy` prop, or the assumers granted with `grantAssume`
 * (IAM groups, Identity Center permission sets, SAML roles, GitHub Actions, other OIDC workloads,
 * named principals), each adding its own part to a trust rendered at synth.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html
 */
export class CrossAccountRole extends Construct {
  readonly role: IamRole;
  readonly roleName: string;
  readonly path: string;
  /** The account it lives in, when given. */
  readonly accountId?: string;
  /** The context each granted assumer renders its trust part in. */
  readonly trustContext: TrustContext;
  private readonly givenTrust?: PolicyDocument;
  private readonly parts: TrustPart[] = [];
  private readonly granted: Assumer[] = [];
  private lazyTrust = false;
  private readonly providers = new Set<OidcProvider>();

  constructor(scope: Construct, id: string, props: CrossAccountRoleProps) {
    super(scope, id);
    const name = props.roleName;
    const where = `CrossAccountRole ${this.node.path}`;
    checkRoleProps(where, props);
    if (props.mfaMaxAgeSeconds !== undefined && props.mfa === false) throw new Error(`${where}: mfaMaxAgeSeconds is set but mfa is false. Fix: remove mfaMaxAgeSeconds, or set mfa: true.`);
    if (props.description !== undefined && props.description.length > 1000) throw new Error(`${where}: description is longer than the 1,000 characters IAM allows.`);
    this.roleName = name;
    this.path = props.path ?? '/';
    this.accountId = props.accountId;
    this.givenTrust = props.trustPolicy;
    this.trustContext = {
      accountId: props.accountId ?? '',
      orgId: props.orgId,
      sourceIps: [...(props.sourceIps ?? [])],
      sessionTags: props.sessionTags ?? false,
      sourceIdentity: props.sourceIdentity ?? false,
      externalId: props.externalId,
      mfa: props.mfa ?? true,
      mfaMaxAgeSeconds: props.mfaMaxAgeSeconds,
    };
    this.role = new IamRole(this, 'role', literalStrings({
      name,
      path: props.path ?? '/',
      description: props.description,
      assumeRolePolicy: props.trustPolicy ? props.trustPolicy.toString() : this.renderedTrust(),
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      permissionsBoundary: props.permissionsBoundary,
      // Policies are attached by the exclusive resource, so deleting the role must detach them.
      forceDetachPolicies: true,
      tags: props.tags && Object.keys(props.tags).length > 0 ? { ...props.tags } : undefined,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
    }));
    if (!props.trustPolicy) {
      this.node.addValidation({
        validate: () =>
          this.granted.length > 0
            ? []
            : [`No one may assume role ${name}: it has no trustPolicy and was granted to no one. Fix: call grantAssume on it (a group, permission set, SAML role, GitHub Actions or OIDC workload), or pass trustPolicy.`],
      });
    }
    // Adopting: Terraform imports the live role (by name) and then manages it, nothing is recreated.
    if (props.adopt) this.role.importFrom(literalStrings(name));
    stableId(this.role, 'role', name);
    // One reference token, reused: each attribute read makes a new token, and tokens are not free at scale.
    const roleNameRef = this.role.name;

    // The exclusive resource attaches every listed policy and detaches any other: one resource per
    // role instead of one per attachment (the provider's syncAttachments adds and removes).
    stableId(
      new IamRolePolicyAttachmentsExclusive(this, 'attachments', literalStrings({ roleName: roleNameRef, policyArns: [...new Set(props.managedPolicyArns ?? [])] })),
      'role',
      name,
      'attachments',
    );

    const inline = Object.entries(props.inlinePolicies ?? {});
    const policies = inline.map(([policyName, document]) => {
      const policy = new IamRolePolicy(this, `inline-policy-${policyName}`, literalStrings({ role: roleNameRef, name: policyName, policy: document.toString() }));
      return stableId(policy, 'role', name, 'inline', policyName);
    });
    stableId(
      new IamRolePoliciesExclusive(this, 'inline-policies', literalStrings({ roleName: roleNameRef, policyNames: inline.map(([n]) => n), dependsOn: policies.length ? policies : undefined })),
      'role',
      name,
      'inline',
      'policies',
    );
  }

  /** The role's ARN (known after apply). */
  get arn(): string {
    return this.role.arn;
  }

  /** The role's ARN as a literal string, from its `accountId`, path and name (readable in review, usable in another stack). */
  get literalArn(): string {
    if (!this.accountId) throw new Error(`CrossAccountRole ${this.node.path}: its literal ARN needs the accountId prop (the account the role lives in).`);
    return roleArn(this.accountId, this.roleName, this.path);
  }

  /** The assumers granted so far, in grant order. */
  get assumers(): readonly Assumer[] {
    return [...this.granted];
  }

  /**
   * Lets `assumer` assume this role: its part of the trust policy (see `Assumer.trustPart`). Given
   * an `AssumeRoleGroup` or `SamlRole` (or its `principal`) whose construct is in the same app, its
   * policy is granted the role too (`allowAssume`), with the MFA and session settings this trust
   * asks for. A web identity is trusted through the OIDC provider of the role's account; an
   * `OidcProvider` of that issuer in the role's stack is waited for.
   */
  grantAssume(assumer: Assumer | AssumingConstruct, options: GrantAssumeOptions = {}): void {
    const side = isAssumingConstruct(assumer) ? assumer : assumingConstructs.get(this.node.root)?.get(sideKey(assumer));
    const principal = isAssumingConstruct(assumer) ? assumer.principal : assumer;
    const where = `CrossAccountRole ${this.node.path}`;
    if (side && side.node.root !== this.node.root) throw new Error(`${where}: ${principal.describe()} is defined in another app. Fix: grant the role to its principal with trustOnly, and allow the role on that side in its own app.`);
    const webIdentity = principal instanceof WebIdentityAssumer;
    if (webIdentity && !this.accountId) throw new Error(`${where}: ${principal.describe()} is trusted through the OIDC provider of the role's account. Fix: give the role its accountId prop.`);
    let part: TrustPart;
    try {
      part = principal.trustPart(this.trustContext);
      renderTrustParts([...this.parts, part]);
    } catch (err) {
      throw new Error(`${where}: cannot grant ${principal.describe()}: ${(err as Error).message}`);
    }
    this.parts.push(part);
    this.granted.push(principal);
    this.useRenderedTrust();
    if (side && !options.trustOnly) side.allowAssume(this);
    if (webIdentity) this.waitForOidcProvider(principal);
  }

  /** An explicit Deny in the trust: people of this permission set may never assume the role, whatever else allows it. */
  denyAssume(permissionSet: PermissionSetAssumer): void {
    this.parts.push(permissionSet.denyPart());
    this.useRenderedTrust();
  }

  /** What an assumer side's policy needs to match this role's trust, for people of `principal`'s kind. */
  requirementsFor(principal: Pick<Assumer, 'mfaFromAws'>): Omit<AssumeGrant, 'roleArn'> {
    const people = principal.mfaFromAws;
    return {
      mfa: people && this.trustContext.mfa,
      mfaMaxAgeSeconds: people ? this.trustContext.mfaMaxAgeSeconds : undefined,
      sessionTags: this.trustContext.sessionTags,
      sourceIdentity: this.trustContext.sourceIdentity,
      ...(people ? {} : { sourceIdentityFromIdp: true }),
    };
  }

  /** The role's trust policy as it will be synthesized (the given one plus the granted parts). */
  trustPolicy(): PolicyDocument {
    if (this.parts.length === 0) {
      if (this.givenTrust) return this.givenTrust;
      throw new Error(`No one may assume role ${this.roleName}: it has no trustPolicy and was granted to no one.`);
    }
    const rendered = renderTrustParts(this.parts);
    return this.givenTrust ? new PolicyDocument([...this.givenTrust.statements, ...rendered.statements]) : rendered;
  }

  private renderedTrust(): string {
    this.lazyTrust = true;
    // Nothing granted: the validation names the role; the placeholder is never written out.
    return Lazy.stringValue({ produce: () => (this.granted.length === 0 && !this.givenTrust ? '' : terraformLiteral(this.trustPolicy().toString())) });
  }

  /** A role given a trustPolicy switches to the rendered trust at its first grant. */
  private useRenderedTrust(): void {
    if (this.lazyTrust) return;
    try {
      this.trustPolicy();
    } catch (err) {
      this.parts.pop();
      throw new Error(`CrossAccountRole ${this.node.path}: its trustPolicy and the granted parts do not join: ${(err as Error).message}`);
    }
    this.role.assumeRolePolicy = this.renderedTrust();
  }

  /** IAM refuses a trust naming an OIDC provider that does not exist yet: the role waits for one made in its stack. */
  private waitForOidcProvider(principal: WebIdentityAssumer): void {
    const host = principal.issuerHostPath;
    const provider = TerraformStack.of(this)
      .node.findAll()
      .find((c): c is OidcProvider => c instanceof OidcProvider && c.provider.urlInput !== undefined && oidcIssuerHostPath(c.provider.urlInput) === host);
    if (!provider) return;
    if (this.providers.has(provider)) return;
    this.providers.add(provider);
    // Terraform's `type.name` of the provider, read at synth (its address may still be overridden).
    const address = Lazy.stringValue({ produce: () => `${provider.provider.terraformResourceType}.${provider.provider.friendlyUniqueId}` });
    this.role.dependsOn = [...(this.role.dependsOn ?? []), address];
  }
}
