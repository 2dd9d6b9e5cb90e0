/**
 * A customer managed policy of a member account (CustomerPolicy), for its roles to attach or use as
 * their permissions boundary.
 */
import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { customerPolicyArn } from '../policy/arn';
import { PolicyDocument } from '../policy/document';
import { stableId } from './stable-id';
import { literalStrings } from './terraform-literal';

export interface CustomerPolicyProps {
  /** The IAM policy name. The resource address is derived from it. */
  readonly policyName: string;
  /** The policy document: a `PolicyDocument`, or its JSON text, written as is. */
  readonly document: PolicyDocument | string;
  /** Default `/`. */
  readonly path?: string;
  readonly description?: string;
  /** The policy exists already: emit an `import` block (by ARN) instead of creating it. Needs `accountId`. Default false. */
  readonly adopt?: boolean;
  /** The account it lives in (for its ARN when adopted). */
  readonly accountId?: string;
}

/**
 * A customer managed policy in a member account, for its roles to attach (or use as their
 * permissions boundary). The document is written as literal JSON, exactly what AWS will store.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#customer-managed-policies
 */
export class CustomerPolicy extends Construct {
  readonly policy: IamPolicy;
  readonly policyName: string;

  constructor(scope: Construct, id: string, props: CustomerPolicyProps) {
    super(scope, id);
    this.policyName = props.policyName;
    this.policy = stableId(
      new IamPolicy(this, 'policy', literalStrings({
        name: props.policyName,
        path: props.path ?? '/',
        description: props.description,
        policy: props.document.toString(),
      })),
      'policy',
      props.policyName,
    );
    if (props.adopt) {
      if (!props.accountId) throw new Error(`CustomerPolicy ${this.node.path}: adopt needs the accountId prop (the policy is imported by its ARN).`);
      this.policy.importFrom(literalStrings(customerPolicyArn(props.accountId, props.policyName, props.path ?? '/')));
    }
  }

  /** The policy's ARN (a reference, so Terraform creates the policy before what uses it). */
  get arn(): string {
    return this.policy.arn;
  }
}
