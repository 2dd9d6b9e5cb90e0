import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * The org file's intent, read straight from the YAML by the contract's own words and nothing of
 * the generator: the oracle the synthesized policies are judged against.
 */
export interface Intent {
  readonly identityAccountId: string;
  readonly orgId?: string;
  readonly accounts: Record<string, string>; // key -> account id
  readonly roles: Record<string, IntentRole>;
  readonly groups: string[];
  /** `${group}|${account}|${role}` for every pair the file grants. */
  readonly grants: Set<string>;
}

export interface IntentRole {
  readonly accounts: string[];
  readonly path: string;
  readonly mfa: boolean;
  readonly mfaMaxAgeSeconds?: number;
  readonly principals: string[];
  readonly externalId?: string;
  readonly sourceIps: string[];
}

type Sel = '*' | string[];
interface RawRole {
  accounts?: Sel;
  path?: string;
  trust?: { mfa?: boolean; mfaMaxAgeSeconds?: number; principals?: string[]; externalId?: string; sourceIps?: string[] };
}
interface Raw {
  orgId?: string;
  identity: { accountId: string };
  accounts: Record<string, { accountId: string }>;
  roles?: Record<string, RawRole>;
  groups?: Record<string, { assume?: Record<string, Sel> }>;
}

export function readIntent(path: string): Intent {
  const raw = parse(readFileSync(path, 'utf8')) as Raw;
  const accountKeys = Object.keys(raw.accounts);
  const roleAccounts = (name: string): string[] => {
    const own = raw.roles?.[name]?.accounts;
    if (own === '*') return accountKeys;
    if (own) return own;
    const where = new Set<string>();
    for (const g of Object.values(raw.groups ?? {})) {
      const sel = g.assume?.[name];
      if (sel === '*') accountKeys.forEach((k) => where.add(k));
      else sel?.forEach((k) => where.add(k));
    }
    return accountKeys.filter((k) => where.has(k));
  };
  const roles: Record<string, IntentRole> = {};
  for (const [name, r] of Object.entries(raw.roles ?? {})) {
    roles[name] = {
      accounts: roleAccounts(name),
      path: r.path ?? '/',
      mfa: r.trust?.mfa !== false,
      mfaMaxAgeSeconds: r.trust?.mfaMaxAgeSeconds,
      principals: r.trust?.principals ?? [],
      externalId: r.trust?.externalId,
      sourceIps: r.trust?.sourceIps ?? [],
    };
  }
  const grants = new Set<string>();
  for (const [group, g] of Object.entries(raw.groups ?? {})) {
    for (const [role, sel] of Object.entries(g.assume ?? {})) {
      for (const account of sel === '*' ? roles[role].accounts : sel) grants.add(`${group}|${account}|${role}`);
    }
  }
  return {
    identityAccountId: raw.identity.accountId,
    orgId: raw.orgId,
    accounts: Object.fromEntries(Object.entries(raw.accounts).map(([k, a]) => [k, a.accountId])),
    roles,
    groups: Object.keys(raw.groups ?? {}),
    grants,
  };
}
