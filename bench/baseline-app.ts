/**
 * Baseline (b) of the benchmark: a plain cdktf app that builds the same resources directly with
 * the provider bindings, from a plain list of their values, with none of this project's layers
 * (no org file, no model, no policy rendering, no checks).
 * Usage: node dist/bench/baseline-app.js INPUT.json OUTDIR
 */
import { readFileSync } from 'node:fs';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPoliciesExclusive } from '@cdktf/provider-aws/lib/iam-group-policies-exclusive';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamGroupPolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-group-policy-attachments-exclusive';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePoliciesExclusive } from '@cdktf/provider-aws/lib/iam-role-policies-exclusive';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { AwsProvider, AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { Project } from '@cdktf/provider-tfe/lib/project';
import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';

/** The values of every resource, as the benchmark extracts them from a synthesized output. */
export interface BaselineInput {
  readonly stacks: {
    readonly name: string;
    /** Absent in HCP Terraform mode's workspaces stack. */
    readonly provider?: AwsProviderConfig;
    /** HCP Terraform mode's bootstrap stacks. */
    readonly oidcProviders?: { readonly url: string; readonly clientIdList: string[] }[];
    /** HCP Terraform mode's workspaces stack. */
    readonly tfe?: {
      readonly organization: string;
      readonly project: string;
      readonly workspaces: { readonly name: string; readonly description: string; readonly tags: Record<string, string>; readonly variables: { key: string; value: string }[] }[];
    };
    readonly roles: {
      readonly name: string;
      readonly path: string;
      readonly description?: string;
      readonly assumeRolePolicy: string;
      readonly maxSessionDuration: number;
      readonly permissionsBoundary?: string;
      readonly tags?: Record<string, string>;
      readonly policyArns: string[];
      readonly inline: { name: string; policy: string }[];
      readonly switchRoleUrl: string;
    }[];
    readonly groups: { readonly name: string; readonly path: string; readonly policies: { name: string; policy: string }[] }[];
  }[];
}

function main(input: BaselineInput, outdir: string): void {
  const app = new App({ outdir, stackTraces: false });
  for (const s of input.stacks) {
    const stack = new TerraformStack(app, s.name);
    if (s.provider) new AwsProvider(stack, 'aws', s.provider);
    for (const [i, o] of (s.oidcProviders ?? []).entries()) new IamOpenidConnectProvider(stack, `oidc_${i}`, { url: o.url, clientIdList: o.clientIdList });
    if (s.tfe) {
      new TfeProvider(stack, 'tfe', { organization: s.tfe.organization });
      const project = new Project(stack, 'project', { name: s.tfe.project, organization: s.tfe.organization });
      for (const w of s.tfe.workspaces) {
        const workspace = new Workspace(stack, `workspace_${w.name}`, { name: w.name, organization: s.tfe.organization, projectId: project.id, description: w.description, forceDelete: false, queueAllRuns: false, tags: w.tags });
        new WorkspaceSettings(stack, `workspace_${w.name}_settings`, { workspaceId: workspace.id, executionMode: 'remote' });
        for (const v of w.variables) new Variable(stack, `workspace_${w.name}_${v.key}`, { workspaceId: workspace.id, category: 'env', key: v.key, value: v.value });
      }
    }
    for (const r of s.roles) {
      const role = new IamRole(stack, `role_${r.name}`, {
        name: r.name,
        path: r.path,
        description: r.description,
        assumeRolePolicy: r.assumeRolePolicy,
        maxSessionDuration: r.maxSessionDuration,
        permissionsBoundary: r.permissionsBoundary,
        forceDetachPolicies: true,
        tags: r.tags,
      });
      new IamRolePolicyAttachmentsExclusive(stack, `role_${r.name}_attachments`, { roleName: role.name, policyArns: r.policyArns });
      const inline = r.inline.map((p) => new IamRolePolicy(stack, `role_${r.name}_inline_${p.name}`, { role: role.name, name: p.name, policy: p.policy }));
      new IamRolePoliciesExclusive(stack, `role_${r.name}_inline_policies`, { roleName: role.name, policyNames: r.inline.map((p) => p.name), dependsOn: inline.length ? inline : undefined });
      new TerraformOutput(stack, `role_${r.name}_arn`, { value: role.arn });
      new TerraformOutput(stack, `role_${r.name}_switch_role_url`, { value: r.switchRoleUrl });
    }
    for (const g of s.groups) {
      const group = new IamGroup(stack, `group_${g.name}`, { name: g.name, path: g.path });
      const policies = g.policies.map((p) => new IamPolicy(stack, `group_${g.name}_policy_${p.name}`, { name: p.name, path: '/cross-account-iam/', policy: p.policy }));
      const attachments = policies.map((p, i) => new IamGroupPolicyAttachment(stack, `group_${g.name}_attach_${i}`, { group: group.name, policyArn: p.arn }));
      new IamGroupPolicyAttachmentsExclusive(stack, `group_${g.name}_attachments`, { groupName: group.name, policyArns: policies.map((p) => p.arn), dependsOn: attachments.length ? attachments : undefined });
      new IamGroupPoliciesExclusive(stack, `group_${g.name}_inline_policies`, { groupName: group.name, policyNames: [] });
    }
  }
  app.synth();
}

if (require.main === module) main(JSON.parse(readFileSync(process.argv[2], 'utf8')) as BaselineInput, process.argv[3]);
