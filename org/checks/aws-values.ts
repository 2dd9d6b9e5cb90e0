/**
 * Checks of the org file against what AWS accepts (regions, AWS managed policies, IAM actions,
 * condition operators and keys), each against AWS data rather than a hand list. Lenient wherever
 * AWS is: when in doubt, a value is accepted. Works on files whose shape is wrong elsewhere.
 */
import {
  awsManagedPolicies,
  awsRegions,
  globalConditionKeyNames,
  iamActionNames,
  iamConditionPatterns,
  iamServiceConditionKeys,
  iamServiceExists,
  iamServicePrefixes,
  isGlobalConditionKey,
  regionPartition,
} from '../aws-data';
import { isIpOrCidr } from '../cidr';
import type { KeyPath, OrgIssue } from '../errors';
import { suggest } from '../suggest';
import type { CheckContext } from './context';
import { policyDocumentIssues } from './policy-documents';

export function awsValueIssues({ file }: CheckContext): OrgIssue[] {
  const issues: OrgIssue[] = [];
  const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

  checkRegion(file.region, ['region'], issues);
  for (const [key, account] of Object.entries(obj(file.accounts))) checkRegion(obj(account).region, ['accounts', key, 'region'], issues);
  const backend = obj(obj(file.deployment).backend);
  if (backend.type === 's3') checkRegion(backend.region, ['deployment', 'backend', 'region'], issues);
  const alertRegions = obj(obj(file.guardrails).alerts).regions;
  if (Array.isArray(alertRegions)) alertRegions.forEach((r, i) => checkRegion(r, ['guardrails', 'alerts', 'regions', i], issues));

  // Customer managed policies: their documents are checked as inline policies are; a name AWS
  // already uses for one of its managed policies would make a reference by name ambiguous.
  const customer = Object.keys(obj(file.policies));
  const awsNames = new Set(awsManagedPolicies());
  for (const [policyName, value] of Object.entries(obj(file.policies))) {
    if (awsNames.has(policyName)) {
      issues.push({
        path: ['policies', policyName],
        at: 'key',
        message: `"${policyName}" is also the name of an AWS managed policy, so managedPolicies and permissionsBoundary could not tell which one is meant. Fix: rename this policy, e.g. ${policyName}-custom.`,
      });
    }
    checkDocument(obj(value).document, ['policies', policyName, 'document'], issues);
  }

  for (const [name, value] of Object.entries(obj(file.roles))) {
    const role = obj(value);
    if (Array.isArray(role.managedPolicies)) role.managedPolicies.forEach((ref, i) => checkManagedPolicy(ref, ['roles', name, 'managedPolicies', i], customer, issues));
    checkManagedPolicy(role.permissionsBoundary, ['roles', name, 'permissionsBoundary'], customer, issues);
    for (const [policyName, doc] of Object.entries(obj(role.inlinePolicies))) checkDocument(doc, ['roles', name, 'inlinePolicies', policyName], issues);
  }
  return issues;
}

/** The checks every identity policy document written in the org file gets: characters, actions, conditions. */
function checkDocument(doc: unknown, path: KeyPath, issues: OrgIssue[]): void {
  if (doc === undefined) return;
  checkPolicyCharacters(doc, path, issues);
  const statements = (doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : {}).Statement;
  const base = [...path, 'Statement'];
  const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  if (Array.isArray(statements)) statements.forEach((s, i) => checkStatement(obj(s), [...base, i], issues));
  else if (statements !== undefined) checkStatement(obj(statements), base, issues);
  // Resources, Sids and Date values IAM refuses.
  issues.push(...policyDocumentIssues(doc, path));
}

// ------------------------------------------------------------------------------------ regions

function checkRegion(region: unknown, path: KeyPath, issues: OrgIssue[]): void {
  if (typeof region !== 'string') return;
  const partition = regionPartition(region);
  if (partition === undefined) {
    const near = suggest(region, awsRegions());
    issues.push({ path, message: `"${region}" is not an AWS region.${near ? ` Did you mean "${near}"?` : ''} Fix: use a region name such as us-east-1 or eu-west-1.` });
  } else if (partition !== 'aws') {
    issues.push({
      path,
      message: `"${region}" is in the ${partition} partition, but this app writes ARNs of the commercial partition (arn:aws:...) only, so AWS would refuse them there. Fix: use a region of the aws partition, e.g. us-east-1.`,
    });
  }
}

// ------------------------------------------------------------------------ AWS managed policies

const AWS_POLICY_ARN = 'arn:aws:iam::aws:policy/';

function checkManagedPolicy(ref: unknown, path: KeyPath, customer: readonly string[], issues: OrgIssue[]): void {
  if (typeof ref !== 'string') return;
  if (customer.includes(ref)) return; // a policy of the policies section
  let name: string;
  if (ref.startsWith(AWS_POLICY_ARN)) name = ref.slice(AWS_POLICY_ARN.length);
  else if (ref.startsWith('arn:')) return; // a customer managed policy: AWS checks it exists at apply time
  else name = ref;
  const known = awsManagedPolicies();
  if (known.includes(name)) return;
  const asWritten = ref.startsWith('arn:') ? (n: string) => `${AWS_POLICY_ARN}${n}` : (n: string) => n;
  // The same name under another path (ViewOnlyAccess is job-function/ViewOnlyAccess), or a near miss.
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  const samePolicy = known.find((k) => k.slice(k.lastIndexOf('/') + 1).toLowerCase() === base);
  if (ref.startsWith('arn:')) {
    const near = samePolicy ?? suggest(name, known);
    issues.push({
      path,
      message: `"${ref}" is not an AWS managed policy.${near ? ` Did you mean "${asWritten(near)}"?` : ''} Fix: use the policy's name with its path as AWS lists it (e.g. job-function/ViewOnlyAccess), or a customer policy ARN arn:aws:iam::<account>:policy/<name>.`,
    });
    return;
  }
  // A bare name may also mean a policy of the policies section: suggest the nearest of either.
  const near = samePolicy ?? suggest(name, [...customer, ...known]);
  const kind = near === undefined ? '' : customer.includes(near) ? ' (defined under policies)' : ' (an AWS managed policy)';
  issues.push({
    path,
    message:
      `"${ref}" is neither an AWS managed policy nor defined under policies.${near ? ` Did you mean "${near}"${kind}?` : ''} ` +
      `Fix: use an AWS managed policy's name with its path as AWS lists it (e.g. job-function/ViewOnlyAccess), define "${ref}" under policies, or use a customer policy ARN arn:aws:iam::<account>:policy/<name>.`,
  });
}

// ------------------------------------------------------------------------- inline policy statements

/**
 * The condition operators of IAM's policy grammar (the family is closed: AWS documents no others).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
const CONDITION_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
];
const SET_PREFIXES = ['ForAllValues:', 'ForAnyValue:'];

/** The base operator of `StringLikeIfExists`, `ForAnyValue:StringLike`, ...; undefined when there is none. */
function baseOperator(op: string): string | undefined {
  let rest = op;
  const set = SET_PREFIXES.find((p) => rest.toLowerCase().startsWith(p.toLowerCase()));
  if (set) rest = rest.slice(set.length);
  if (rest.toLowerCase().endsWith('ifexists')) rest = rest.slice(0, -'IfExists'.length);
  return ['Null', ...CONDITION_OPERATORS].find((o) => o.toLowerCase() === rest.toLowerCase());
}

function allOperatorSpellings(): string[] {
  const base = [...CONDITION_OPERATORS, ...CONDITION_OPERATORS.map((o) => `${o}IfExists`)];
  return ['Null', ...base, ...SET_PREFIXES.flatMap((p) => base.map((o) => `${p}${o}`))];
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function checkStatement(statement: Record<string, unknown>, path: KeyPath, issues: OrgIssue[]): void {
  const services = new Set<string>();
  for (const element of ['Action', 'NotAction'] as const) {
    const value = statement[element];
    const list = asList(value);
    list.forEach((action, i) => {
      if (typeof action !== 'string') return;
      const where = Array.isArray(value) ? [...path, element, i] : [...path, element];
      const service = checkAction(action, where, issues);
      if (service && element === 'Action') services.add(service);
    });
  }

  const condition = statement.Condition;
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return;
  for (const [op, block] of Object.entries(condition)) {
    const opPath = [...path, 'Condition', op];
    const base = baseOperator(op);
    if (base === undefined) {
      if (/^[A-Za-z]+(:[A-Za-z]+)?$/.test(op)) {
        const near = suggest(op, allOperatorSpellings());
        issues.push({
          path: opPath,
          at: 'key',
          message: `"${op}" is not a condition operator.${near ? ` Did you mean "${near}"?` : ''} Fix: use one IAM defines, e.g. StringEquals, optionally with IfExists or ForAllValues:/ForAnyValue: (see the IAM condition operators reference).`,
        });
      }
      continue;
    }
    if (block === null || typeof block !== 'object' || Array.isArray(block)) continue;
    for (const [key, values] of Object.entries(block)) {
      const keyPath = [...opPath, key];
      checkConditionKey(key, services, keyPath, issues);
      checkConditionValues(base, key, values, keyPath, issues);
    }
  }
}

/** Checks one action; returns its service prefix (lower case) when it names a real service. */
function checkAction(action: string, path: KeyPath, issues: OrgIssue[]): string | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon < 0) return undefined; // the schema reports the shape
  const prefix = action.slice(0, colon);
  const name = action.slice(colon + 1);
  const names = iamActionNames(prefix);
  if (names === undefined) {
    const near = suggest(prefix, iamServicePrefixes());
    issues.push({
      path,
      message: `"${action}": no AWS service has the prefix "${prefix}".${near ? ` Did you mean "${near}:${name}"?` : ''} Fix: use a service prefix from the Service Authorization Reference, e.g. s3 or ec2.`,
    });
    return undefined;
  }
  const service = prefix.toLowerCase();
  if (/[*?]/.test(name)) {
    const pattern = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    if (!names.some((n) => pattern.test(n))) {
      issues.push({ path, message: `"${action}" matches no action of ${service}. Fix: correct the pattern so it matches the actions you mean, e.g. ${service}:${names[0] ?? 'Get'}*.` });
    }
    return service;
  }
  if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) {
    const near = suggest(name, names);
    issues.push({
      path,
      message: `"${action}" is not an action of ${service}.${near ? ` Did you mean "${service}:${near}"?` : ''} Fix: use an action ${service} has (see the Service Authorization Reference).`,
    });
  }
  return service;
}

/** A documented key with variable parts (`aws:RequestTag/${TagKey}`) as a case-insensitive pattern. */
function keyPattern(template: string): RegExp {
  const source = template
    .split(/\$\{[^}]*\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${source}$`, 'i');
}

function serviceKeyMatches(key: string, service: string): boolean {
  const lower = key.toLowerCase();
  if (iamServiceConditionKeys(service).some((k) => (k.includes('${') ? keyPattern(k).test(key) : k.toLowerCase() === lower))) return true;
  return Object.keys(iamConditionPatterns(service)).some((p) => new RegExp(`^${p}$`, 'i').test(key));
}

function checkConditionKey(key: string, services: Set<string>, path: KeyPath, issues: OrgIssue[]): void {
  const colon = key.indexOf(':');
  if (colon < 0) {
    issues.push({ path, at: 'key', message: `"${key}" is not a condition key: keys are "service:name", e.g. aws:SourceIp or s3:prefix. Fix: add the service prefix.` });
    return;
  }
  const prefix = key.slice(0, colon).toLowerCase();
  if (prefix === 'aws') {
    if (isGlobalConditionKey(key) || [...services].some((s) => serviceKeyMatches(key, s))) return;
    const near = suggest(key, [...globalConditionKeyNames(), ...[...services].flatMap((s) => iamServiceConditionKeys(s).filter((k) => k.toLowerCase().startsWith('aws:')))]);
    issues.push({
      path,
      at: 'key',
      message: `"${key}" is not a global condition key AWS defines.${near ? ` Did you mean "${near}"?` : ''} Fix: use a key from the IAM global condition context keys reference, e.g. aws:SourceIp.`,
    });
    return;
  }
  // Keys of a service the statement's actions belong to must be that service's; others are accepted
  // as AWS accepts them (keys of other services, of identity providers, ...).
  if (!services.has(prefix) || !iamServiceExists(prefix) || serviceKeyMatches(key, prefix)) return;
  const near = suggest(key, iamServiceConditionKeys(prefix));
  issues.push({
    path,
    at: 'key',
    message: `"${key}" is not a condition key of ${prefix}.${near ? ` Did you mean "${near}"?` : ''} Fix: use a key ${prefix} documents (see the Service Authorization Reference), or a global aws: key.`,
  });
}

function checkConditionValues(base: string, key: string, values: unknown, path: KeyPath, issues: OrgIssue[]): void {
  const list = asList(values);
  if (base === 'IpAddress' || base === 'NotIpAddress') {
    list.forEach((v, i) => {
      if (typeof v === 'string' && !isIpOrCidr(v)) {
        issues.push({ path: Array.isArray(values) ? [...path, i] : path, message: `"${v}" is not an IP address or CIDR range. Fix: write it like 203.0.113.0/24 or 2001:db8::/32.` });
      }
    });
  }
  if (key.toLowerCase() === 'aws:requestedregion' && /^String(Not)?Equals(IgnoreCase)?$/.test(base)) {
    list.forEach((v, i) => {
      if (typeof v === 'string' && !/[*?$]/.test(v) && !awsRegions().includes(v.toLowerCase())) {
        const near = suggest(v, awsRegions());
        issues.push({ path: Array.isArray(values) ? [...path, i] : path, message: `"${v}" is not an AWS region.${near ? ` Did you mean "${near}"?` : ''} Fix: use a region name such as us-east-1.` });
      }
    });
  }
}

/** What IAM takes in a policy document: printable ASCII and Latin-1, tab, line feed and carriage return. */
const POLICY_CHARACTERS = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;

/** Every key and text value of an inline policy must use the characters IAM takes in a policy. */
function checkPolicyCharacters(value: unknown, path: KeyPath, issues: OrgIssue[]): void {
  if (typeof value === 'string') {
    if (!POLICY_CHARACTERS.test(value)) {
      issues.push({ path, message: `"${value}" uses characters IAM refuses in a policy (only ASCII and Latin-1 are taken). Fix: write it without them; in a condition, match them with a wildcard (*).` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkPolicyCharacters(v, [...path, i], issues));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!POLICY_CHARACTERS.test(k)) issues.push({ path: [...path, k], at: 'key', message: `"${k}" uses characters IAM refuses in a policy (only ASCII and Latin-1 are taken). Fix: write it without them.` });
      checkPolicyCharacters(v, [...path, k], issues);
    }
  }
}
