/**
 * The org file of the checks' unit tests (__tests__/org/checks/): BASE's content as an object,
 * whose top-level sections a test replaces, parsed by the schema as the loader does (so every
 * input is a file the checks really get), and the check context over it.
 */
import { checkContext, CheckContext } from '../../org/checks/context';
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

/** The check context of {@link orgFile}. */
export function contextOf(sections: Record<string, unknown> = {}): CheckContext {
  return checkContext(orgFile(sections), 'org.yaml');
}
