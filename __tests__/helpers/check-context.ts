/**
 * The org file of the checks' unit tests (__tests__/org/checks/): BASE's content as an object,
 * whose top-level sections a test replaces, parsed by the schema as the loader does (so every
 * input is a file the checks really get), and the check context over it (grants in the short form
 * the checks read, as org/organizational-units.ts hands them over).
 */
import { checkContext, CheckContext } from '../../org/checks/context';
import { ExpandedOrgFile, expandGrants } from '../../org/organizational-units';
import { OrgFile, OrgFileSchema } from '../../org/schema';

/** BASE (helpers/base-org.ts) as an object. */
export const BASE_FILE = {
  organization: 'acme',
  region: 'us-east-1',
  identity: { accountId: '111111111111' },
  accounts: { dev: { accountId: '222222222222' }, prod: { accountId: '444444444444' } },
  roles: { Admin: { accounts: ['dev'], managedPolicies: ['AdministratorAccess'] } },
  groups: { developers: { assume: { Admin: ['dev'] } } },
};

/** BASE_FILE with `sections` in place of its own (a section set to undefined is removed). */
export function orgFile(sections: Record<string, unknown> = {}): OrgFile {
  const raw: Record<string, unknown> = { ...BASE_FILE, ...sections };
  for (const [key, value] of Object.entries(raw)) if (value === undefined) delete raw[key];
  return OrgFileSchema.parse(raw);
}

/** {@link orgFile} with its grants in the short form the checks read (org/organizational-units.ts). */
export function expandedFile(sections: Record<string, unknown> = {}): ExpandedOrgFile {
  return expandGrants(orgFile(sections), new Date()).file;
}

/** The check context of {@link orgFile}. */
export function contextOf(sections: Record<string, unknown> = {}): CheckContext {
  return checkContext(expandedFile(sections), 'org.yaml');
}
