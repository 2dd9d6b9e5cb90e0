/**
 * The SNS topic a member account sends its break-glass alerts to (AlertTopic): KMS-encrypted,
 * e-mail subscribed, published to by this account's alert rules only.
 */
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { alertKeyPolicy, alertTopicPolicy } from '../policy/alert-policies';
import { stableId, stableIdWithoutHistory } from './stable-id';
import { literalStrings } from './terraform-literal';

export interface AlertTopicProps {
  readonly name: string;
  /** The account it lives in: its alert rules are the only ones that may publish. */
  readonly accountId: string;
  readonly emails: readonly string[];
}

/**
 * An SNS topic for role-assumption alerts: encrypted with a customer managed KMS key (rotated
 * yearly) that EventBridge may use for this account only, e-mail subscriptions, and a policy that
 * lets only this account's alert rules publish (`aws:SourceAccount`, `aws:SourceArn`).
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-enable-encryption-for-topic-sqs-queue-subscriptions.html
 */
export class AlertTopic extends Construct {
  readonly topic: SnsTopic;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.key = stableIdWithoutHistory(
      new KmsKey(this, 'key', literalStrings({
        description: `Encrypts the cross-account-iam alert topic ${props.name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: alertKeyPolicy(props.accountId).toString(),
      })),
      'alerts',
      'key',
    );
    stableIdWithoutHistory(new KmsAlias(this, 'alias', literalStrings({ name: `alias/${props.name}`, targetKeyId: this.key.keyId })), 'alerts', 'key', 'alias');
    this.topic = stableId(new SnsTopic(this, 'topic', literalStrings({ name: props.name, kmsMasterKeyId: this.key.arn })), 'alerts');
    props.emails.forEach((endpoint) =>
      stableId(new SnsTopicSubscription(this, `email-${endpoint}`, literalStrings({ topicArn: this.topic.arn, protocol: 'email', endpoint })), 'alerts', 'email', endpoint),
    );
    stableId(new SnsTopicPolicy(this, 'policy', literalStrings({ arn: this.topic.arn, policy: alertTopicPolicy(this.topic.arn, props.accountId).toString() })), 'alerts', 'policy');
  }
}
