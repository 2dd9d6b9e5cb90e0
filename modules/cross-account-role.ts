import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePoliciesExclusive } from '@cdktf/provider-aws/lib/iam-role-policies-exclusive';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import { PolicyDocument } from '../policy/document';
import { stableId } from './stable-id';
import { literalStrings } from './terraform-literal';

export interface CrossAccountRoleProps {
  /** The IAM role name. Resource addresses are derived from it. */
  readonly roleName: string;
  /** Who may assume the role: build it with `renderTrustPolicy` or `PolicyDocument`. */
  readonly trustPolicy: PolicyDocument;
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
 * A role in a member account that someone from another account assumes. The trust policy and the
 * inline policies are written as literal JSON, exactly what AWS will store. Managed policy
 * attachments and inline policies are managed exclusively: a policy attached or written by hand is
 * removed at the next apply.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html
 */
export class CrossAccountRole extends Construct {
  readonly role: IamRole;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: CrossAccountRoleProps) {
    super(scope, id);
    const name = props.roleName;
    this.roleName = name;
    this.role = new IamRole(this, 'role', literalStrings({
      name,
      path: props.path ?? '/',
      description: props.description,
      assumeRolePolicy: props.trustPolicy.toString(),
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      permissionsBoundary: props.permissionsBoundary,
      // Policies are attached by the exclusive resource, so deleting the role must detach them.
      forceDetachPolicies: true,
      tags: props.tags && Object.keys(props.tags).length > 0 ? { ...props.tags } : undefined,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
    }));
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
}
