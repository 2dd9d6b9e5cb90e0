import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeAccess } from '../../review/access';
import { readSynthesizedOrg } from '../../review/artifact';
import { renderReportJson, renderReportMarkdown } from '../../review/report';
import { readIntent } from '../helpers/intent';
import { EXAMPLE_ORG, FIXTURES, synthOrgFile } from '../helpers/synth';

const ORGS = [EXAMPLE_ORG, ...['minimal', 'automation', 'implicit'].map((f) => join(FIXTURES, `${f}.yaml`))];

describe('report', () => {
  test.each(ORGS)('every grant of %s appears in the report, and nothing else does', (org) => {
    const synth = readSynthesizedOrg(synthOrgFile(org));
    const intent = readIntent(org);
    const json = JSON.parse(renderReportJson(analyzeAccess(synth))) as { grants: { group: string; account: string; role: string; roleArn: string; accountId: string }[]; principals: { principal: string; account: string; role: string }[] };
    expect(json.grants.map((g) => `${g.group}|${g.account}|${g.role}`).sort()).toEqual([...intent.grants].sort());
    for (const g of json.grants) expect(g.roleArn).toBe(`arn:aws:iam::${intent.accounts[g.account]}:role${intent.roles[g.role].path}${g.role}`);
    const expectedPrincipals = Object.entries(intent.roles).flatMap(([role, r]) => r.accounts.flatMap((account) => r.principals.map((p) => `${p}|${account}|${role}`)));
    expect(json.principals.map((p) => `${p.principal}|${p.account}|${p.role}`).sort()).toEqual(expectedPrincipals.sort());
  });

  test('the Markdown has a section per group with the conditions, a matrix per environment, a Mermaid diagram and a page per role', () => {
    const synth = readSynthesizedOrg(synthOrgFile(EXAMPLE_ORG));
    const md = renderReportMarkdown(synth, analyzeAccess(synth));
    expect(md).toContain('### Group `platform-engineers`');
    expect(md).toContain('| prod (444444444444) | `ProdAdmin` | MFA (signed in < 15 min ago), org o-a1b2c3d4e5, session ≤ 1 h |');
    expect(md).toContain('### Environment `production`');
    expect(md).toContain('```mermaid\ngraph LR');
    expect(md).toContain('  g_developers -->|Admin, ReadOnly| a_dev');
    expect(md).toContain('### Role `VendorAudit`');
    expect(md).toContain('  - `arn:aws:iam::999999999999:role/SecurityAuditAutomation` in prod: external id `7f3c9d2e-vendor-id`, session ≤ 1 h');
    expect(md).toContain('[prod](https://signin.aws.amazon.com/switchrole?account=444444444444&roleName=automation%2FDeployer&displayName=Deployer%20%40%20prod)');
    expect(md).toContain('--external-id 7f3c9d2e-vendor-id');
    // Groups and named principals only: the report reads as it did before permission sets, SAML roles and web identities.
    expect(md).toBe(readFileSync(join(__dirname, 'expected', 'org-report.md'), 'utf8'));
  });
});
