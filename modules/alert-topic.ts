import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { stableId } from './stable-id';
import { literalStrings } from './terraform-literal';

/** An SNS topic for role-assumption alerts, with e-mail subscriptions and EventBridge allowed to publish. */
export class AlertTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: { name: string; emails: readonly string[] }) {
    super(scope, id);
    this.topic = stableId(new SnsTopic(this, 'topic', literalStrings({ name: props.name })), 'alerts');
    props.emails.forEach((endpoint) =>
      stableId(new SnsTopicSubscription(this, `email-${endpoint}`, literalStrings({ topicArn: this.topic.arn, protocol: 'email', endpoint })), 'alerts', 'email', endpoint),
    );
    stableId(
      new SnsTopicPolicy(this, 'policy', literalStrings({
        arn: this.topic.arn,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'EventBridgePublishes', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: this.topic.arn }],
        }),
      })),
      'alerts',
      'policy',
    );
  }
}
