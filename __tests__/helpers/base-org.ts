/** A small valid org file that the validation tests change one line at a time (line numbers below count from 1). */
export const BASE = `organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222" }
  prod: { accountId: "444444444444" }
roles:
  Admin:
    accounts: [dev]
    managedPolicies: [AdministratorAccess]
groups:
  developers:
    assume:
      Admin: [dev]
`;
/** BASE with lines added to role Admin, after its `accounts:` line (line 10); added lines start at 11. */
export const withAdmin = (lines: string) => BASE.replace('    accounts: [dev]\n', `    accounts: [dev]\n${lines}`);
/** An inline policy on Admin; the statement lines start at line 15. */
export const inline = (statement: string) => withAdmin(`    inlinePolicies:\n      p:\n        Version: "2012-10-17"\n        Statement:\n${statement}`);
