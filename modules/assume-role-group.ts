/**
 * The identity side of people in IAM groups (AssumeRoleGroup): an IAM group and the customer
 * managed policies that allow sts:AssumeRole on exactly the roles granted to it.
 */
import { Construct } from 'constructs';
import { Lazy, TerraformResource, Token } from 'cdktf';
import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPoliciesExclusive } from '@cdktf/provider-aws/lib/iam-group-policies-exclusive';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamGroupPolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-group-policy-attachments-exclusive';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { AccountId, IamName, IamPath } from '../org/schema';
import { parseRoleArn, roleArn } from '../policy/arn';
import { AssumeGrant, DEFAULT_PACK_LIMITS, PackLimits, renderAssumePolicies } from '../policy/assume-policy';
import { Assumer, IamGroupAssumer } from '../policy/assumers';
import { PolicyDocument } from '../policy/document';
import { assumePolicyName } from '../policy/names';
import { AssumeRequirements, AssumingConstruct, checkProp as check, CrossAccountRole, registerAssumingConstruct } from './cross-account-role';
import { stableId } from './stable-id';
import { literalStrings, terraformLiteral } from './terraform-literal';

export interface AssumeRoleGroupProps {
  /** The IAM group name. Resource addresses are derived from it. */
  readonly groupName: string;
  /** Default `/`. */
  readonly path?: string;
  /**
   * The group's assume-role policies (see `renderAssumePolicies`). Each becomes a customer managed
   * policy named `<group>-assume-roles` (then `-2`, `-3`, ...) attached to the group. Empty: the
   * group gets no policy. Without it, the policies are rendered at synth from the `allowAssume`
   * calls (and from `CrossAccountRole.grantAssume(group)`).
   */
  readonly policies?: readonly PolicyDocument[];
  /** Path of the managed policies. Default `/cross-account-iam/`. */
  readonly policyPath?: string;
  /** The group exists already: emit an `import` block instead of creating it. Default false. */
  readonly adopt?: boolean;
  /**
   * The identity account the group lives in: needed for its `principal` (what a role's trust lets
   * in), and so for `CrossAccountRole.grantAssume(group)`.
   */
  readonly accountId?: string;
}

/**
 * The roles an identity-side construct (a group, a SAML role) may assume, collected one
 * `allowAssume` at a time and packed into its managed policies (`renderAssumePolicies`). The
 * number of policies follows the grants as they come (a packing error is thrown where the grant
 * that does not fit is made); their documents are rendered at synth.
 */
export class AssumeGrants {
  private readonly grants = new Map<string, AssumeGrant>();
  private readonly denied = new Set<string>();
  private documents?: PolicyDocument[] = [];
  private count = 0;

  constructor(
    private readonly where: string,
    private readonly limits: PackLimits = DEFAULT_PACK_LIMITS,
  ) {}

  /** The grant of `role` with the conditions its trust asks for, for an assumer of `principal`'s kind. */
  grantFor(principal: Pick<Assumer, 'mfaFromAws'>, role: CrossAccountRole | string, requirements: AssumeRequirements = {}): AssumeGrant {
    if (typeof role === 'string') {
      if (!Token.isUnresolved(role) && !parseRoleArn(role)) throw new Error(`${this.where}: "${role}" is not a role ARN. Fix: write it like arn:aws:iam::222222222222:role/ReadOnly.`);
      const people = principal.mfaFromAws;
      return { roleArn: role, mfa: people, sessionTags: false, sourceIdentity: false, ...(people ? {} : { sourceIdentityFromIdp: true }), ...requirements };
    }
    return { roleArn: role.literalArn, ...role.requirementsFor(principal), ...requirements };
  }

  /** Adds (or replaces) the grant of one role ARN; returns how many policies the grants now pack into. */
  allow(grant: AssumeGrant): number {
    if (Token.isUnresolved(grant.roleArn)) throw new Error(`${this.where}: the policy names roles by literal ARN. Fix: give the role its accountId prop, or pass its ARN as a string.`);
    const previous = this.grants.get(grant.roleArn);
    this.grants.set(grant.roleArn, grant);
    return this.repack(() => (previous ? this.grants.set(grant.roleArn, previous) : this.grants.delete(grant.roleArn)));
  }

  /** Denies one role, in every account (`arn:aws:iam::*:role/<path><name>`); returns how many policies the grants now pack into. */
  deny(role: CrossAccountRole | string): number {
    const pattern = typeof role === 'string' ? role : roleArn('*', role.roleName, role.path);
    if (!parseRoleArn(pattern)) throw new Error(`${this.where}: "${pattern}" is not a role ARN. Fix: write it like arn:aws:iam::*:role/Admin.`);
    const had = this.denied.has(pattern);
    this.denied.add(pattern);
    return this.repack(() => (had ? undefined : this.denied.delete(pattern)));
  }

  /** The policy documents of every grant so far (rendered at most once per change). */
  get policies(): readonly PolicyDocument[] {
    this.documents ??= renderAssumePolicies([...this.grants.values()], this.limits, [...this.denied]);
    return this.documents;
  }

  /**
   * How many policies there are now. Rendering every grant at each one would cost n² for n
   * grants, so while a generous bound of the explicit form fits one policy, that is the answer and
   * the documents wait for synth.
   */
  private repack(undo: () => unknown): number {
    this.documents = undefined;
    if (this.grants.size + this.denied.size > 0 && this.upperBound() <= this.limits.policySize) return (this.count = 1);
    try {
      return (this.count = this.policies.length);
    } catch (err) {
      undo();
      this.documents = undefined;
      throw new Error(`${this.where}: ${(err as Error).message}`);
    }
  }

  /** More characters than the explicit form of the grants can take (every value quoted, generous room per statement). */
  private upperBound(): number {
    let values = 0;
    const ages = new Set<number>();
    for (const g of this.grants.values()) {
      const statements = 1 + Number(g.sessionTags) + Number(g.sourceIdentity) + Number(g.mfa) + Number(g.mfaMaxAgeSeconds !== undefined);
      if (g.mfaMaxAgeSeconds !== undefined) ages.add(g.mfaMaxAgeSeconds);
      values += (g.roleArn.length + 3) * statements;
    }
    for (const d of this.denied) values += d.length + 3;
    return 64 + (6 + ages.size) * 250 + values;
  }

  /** The number of policies as of the last change. */
  get size(): number {
    return this.count;
  }
}

/** `type.name` of a resource, read at synth (for a `dependsOn` set after the resource was made). */
export function addressOf(resource: TerraformResource): string {
  return Lazy.stringValue({ produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}` });
}

/**
 * An IAM group in the identity account whose policies allow `sts:AssumeRole` on exactly the role
 * ARNs it is granted. Attachments and inline policies are managed exclusively: anything attached to
 * the group by hand is removed at the next apply. Membership is not managed here.
 *
 * Its policies are either the `policies` prop, or rendered from `allowAssume` (and
 * `CrossAccountRole.grantAssume(group)`, which also lets the group's users into the role's trust).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
 */
export class AssumeRoleGroup extends Construct implements AssumingConstruct {
  readonly group: IamGroup;
  readonly groupName: string;
  readonly accountId?: string;
  private readonly managed: IamPolicy[] = [];
  private readonly attachments: IamGroupPolicyAttachment[] = [];
  private readonly grants?: AssumeGrants;
  private readonly principalOrUndefined?: IamGroupAssumer;
  private readonly policyPath: string;
  private readonly exclusive?: IamGroupPolicyAttachmentsExclusive;

  constructor(scope: Construct, id: string, props: AssumeRoleGroupProps) {
    super(scope, id);
    const name = props.groupName;
    const where = `AssumeRoleGroup ${this.node.path}`;
    if (!Token.isUnresolved(name) && name.length === 0) throw new Error(`${where}: groupName is empty. Fix: give the group a name of 1 to 128 letters, digits and +=,.@_-.`);
    check(where, 'groupName', name, IamName);
    check(where, 'path', props.path, IamPath);
    check(where, 'policyPath', props.policyPath, IamPath);
    check(where, 'accountId', props.accountId, AccountId);
    this.groupName = name;
    this.accountId = props.accountId;
    this.policyPath = props.policyPath ?? '/cross-account-iam/';
    this.group = stableId(new IamGroup(this, 'group', literalStrings({ name, path: props.path ?? '/' })), 'group', name);
    if (props.adopt) this.group.importFrom(literalStrings(name));
    if (props.accountId) {
      this.principalOrUndefined = new IamGroupAssumer(props.accountId, name);
      registerAssumingConstruct(this);
    }

    if (props.policies) {
      this.managed.push(...props.policies.map((document, i) => this.newPolicy(i, document.toString())));
      this.attachments.push(...this.managed.map((policy, i) => this.newAttachment(policy, i)));
      stableId(
        new IamGroupPolicyAttachmentsExclusive(this, 'attachments', literalStrings({
          groupName: this.group.name,
          policyArns: this.managed.map((p) => p.arn),
          dependsOn: this.attachments,
        })),
        'group',
        name,
        'attachments',
      );
    } else {
      this.grants = new AssumeGrants(where);
      this.exclusive = stableId(
        new IamGroupPolicyAttachmentsExclusive(this, 'attachments', {
          groupName: this.group.name,
          policyArns: Lazy.listValue({ produce: () => this.managed.map((p) => p.arn) }),
        }),
        'group',
        name,
        'attachments',
      );
    }
    stableId(new IamGroupPoliciesExclusive(this, 'inline-policies', literalStrings({ groupName: this.group.name, policyNames: [] })), 'group', name, 'inline', 'policies');
  }

  /** The group's customer managed policies (`<group>-assume-roles`, `-2`, ...). */
  get policies(): readonly IamPolicy[] {
    return [...this.managed];
  }

  /** Its users, as a role's trust lets them in (needs the `accountId` prop). */
  get principal(): IamGroupAssumer {
    if (!this.principalOrUndefined) throw new Error(`AssumeRoleGroup ${this.node.path}: its principal needs the accountId prop (the identity account it lives in).`);
    return this.principalOrUndefined;
  }

  /**
   * Allows the group's users `sts:AssumeRole` on `role` (a `CrossAccountRole` with an `accountId`,
   * or a role ARN), with the group side of the conditions its trust asks for: by default those of
   * the role (MFA, session tags, source identity), or for an ARN MFA required and nothing else.
   * This is the identity side only; `role.grantAssume(group)` does both sides.
   */
  allowAssume(role: CrossAccountRole | string, requirements?: AssumeRequirements): void {
    // IAM users: AWS sets their MFA keys, so the group side denies what their trust refuses.
    this.reconcile(this.collector().allow(this.collector().grantFor({ mfaFromAws: true }, role, requirements)));
  }

  /**
   * Denies the group's users `role` (an explicit Deny: no other policy of theirs can allow it): a
   * `CrossAccountRole` in every account (its path and name), or a role ARN or ARN pattern as written
   * (`arn:aws:iam::*:role/Admin` for every account).
   */
  denyAssume(role: CrossAccountRole | string): void {
    this.reconcile(this.collector().deny(role));
  }

  private collector(): AssumeGrants {
    if (!this.grants) {
      throw new Error(
        `AssumeRoleGroup ${this.node.path}: was given its policies prop, so the roles it may assume are fixed. Fix: leave policies out and grant roles with allowAssume, or grant only the role's trust with grantAssume(group, { trustOnly: true }).`,
      );
    }
    return this.grants;
  }

  /** As many policies and attachments as the grants pack into; each document is read at synth. */
  private reconcile(count: number): void {
    while (this.managed.length < count) {
      const i = this.managed.length;
      const policy = this.newPolicy(i, Lazy.stringValue({ produce: () => terraformLiteral(this.grants!.policies[i].toString()) }));
      this.managed.push(policy);
      this.attachments.push(this.newAttachment(policy, i));
    }
    while (this.managed.length > count) {
      const i = this.managed.length - 1;
      this.node.tryRemoveChild(`attach-${i}`);
      this.node.tryRemoveChild(`policy-${i}`);
      this.managed.pop();
      this.attachments.pop();
    }
    this.exclusive!.dependsOn = this.attachments.length ? this.attachments.map(addressOf) : undefined;
  }

  private newPolicy(i: number, document: string): IamPolicy {
    const policyName = assumePolicyName(this.groupName, i);
    return stableId(
      new IamPolicy(this, `policy-${i}`, literalStrings({
        name: policyName,
        path: this.policyPath,
        description: `Roles the ${this.groupName} group may assume (generated by cross-account-iam)`,
        policy: document,
      })),
      'group',
      this.groupName,
      'policy',
      policyName,
    );
  }

  private newAttachment(policy: IamPolicy, i: number): IamGroupPolicyAttachment {
    return stableId(
      new IamGroupPolicyAttachment(this, `attach-${i}`, literalStrings({ group: this.group.name, policyArn: policy.arn })),
      'group',
      this.groupName,
      'attach',
      assumePolicyName(this.groupName, i),
    );
  }
}
