import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { boundedName, EVENT_RULE_NAME } from '../policy/names';
import { stableId } from './stable-id';
import { literalStrings } from './terraform-literal';

export interface AssumeAlertProps {
  readonly roleName: string;
  readonly roleArn: string;
  /** SNS topic the alert is published to. */
  readonly topicArn: string;
}

/**
 * An EventBridge rule on the role's AssumeRole CloudTrail event, feeding an SNS topic: for
 * break-glass roles, every use is announced. Needs a CloudTrail trail that records management
 * events in the account; calls to STS's global endpoint are recorded in us-east-1.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
 */
export class AssumeAlert extends Construct {
  constructor(scope: Construct, id: string, props: AssumeAlertProps) {
    super(scope, id);
    const rule = stableId(
      new CloudwatchEventRule(this, 'rule', literalStrings({
        name: boundedName('cross-account-iam-assume-', props.roleName, EVENT_RULE_NAME.maxLength, EVENT_RULE_NAME.allowed),
        description: `Someone assumed ${props.roleArn}`,
        eventPattern: JSON.stringify({
          source: ['aws.sts'],
          'detail-type': ['AWS API Call via CloudTrail'],
          detail: { eventSource: ['sts.amazonaws.com'], eventName: ['AssumeRole'], requestParameters: { roleArn: [props.roleArn] } },
        }),
      })),
      'alert',
      props.roleName,
    );
    stableId(new CloudwatchEventTarget(this, 'target', literalStrings({ rule: rule.name, arn: props.topicArn })), 'alert', props.roleName, 'target');
  }
}
