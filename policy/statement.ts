import { Conditions, normalizeConditions } from './condition';
import { Principal } from './principal';

/** One IAM policy statement. Its Sid is required: statements are keyed by name, so diffs read well. */
export interface StatementProps {
  /** Alphanumeric statement id, unique within its document. */
  readonly sid: string;
  /** Default `Allow`. */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions?: readonly string[];
  /** Every action but these (instead of `actions`). */
  readonly notActions?: readonly string[];
  /** Omitted in trust policies, whose resource is the role itself. */
  readonly resources?: readonly string[];
  /** Every resource but these (instead of `resources`). */
  readonly notResources?: readonly string[];
  /** Only in resource policies such as a role's trust policy. */
  readonly principals?: readonly Principal[];
  readonly conditions?: Conditions;
}

const SID = /^[A-Za-z0-9]+$/;

/** An IAM statement rendered in AWS's key order. Single values are written as strings, as AWS documents them. */
export class PolicyStatement {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly Principal[];
  readonly conditions: Conditions;

  constructor(props: StatementProps) {
    if (!SID.test(props.sid)) {
      throw new Error(`Statement id "${props.sid}" must be alphanumeric (IAM refuses other characters in a Sid).`);
    }
    this.actions = [...new Set(props.actions ?? [])];
    this.notActions = [...new Set(props.notActions ?? [])];
    if (this.actions.length === 0 && this.notActions.length === 0) throw new Error(`Statement ${props.sid} has no actions.`);
    if (this.actions.length > 0 && this.notActions.length > 0) throw new Error(`Statement ${props.sid} has both Action and NotAction.`);
    this.sid = props.sid;
    this.effect = props.effect ?? 'Allow';
    this.resources = [...new Set(props.resources ?? [])];
    this.notResources = [...new Set(props.notResources ?? [])];
    if (this.resources.length > 0 && this.notResources.length > 0) throw new Error(`Statement ${props.sid} has both Resource and NotResource.`);
    this.principals = props.principals ?? [];
    this.conditions = normalizeConditions(props.conditions ?? {});
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { Sid: this.sid, Effect: this.effect };
    if (this.principals.length > 0) {
      const arns = (type: 'AWS' | 'Federated' | 'Service') => [...new Set(this.principals.filter((p) => p.type === type).map((p) => p.arn))].sort();
      const aws = arns('AWS');
      const federated = arns('Federated');
      const service = arns('Service');
      json.Principal = aws.includes('*')
        ? '*'
        : { ...(aws.length ? { AWS: single(aws) } : {}), ...(federated.length ? { Federated: single(federated) } : {}), ...(service.length ? { Service: single(service) } : {}) };
    }
    if (this.actions.length > 0) json.Action = single(this.actions);
    else json.NotAction = single(this.notActions);
    if (this.resources.length > 0) json.Resource = single(this.resources);
    if (this.notResources.length > 0) json.NotResource = single(this.notResources);
    if (Object.keys(this.conditions).length > 0) json.Condition = this.conditions;
    return json;
  }
}

function single(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}
