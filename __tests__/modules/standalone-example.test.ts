import { App, Testing } from 'cdktf';
import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { TerraformStack } from 'cdktf';
import { buildStandaloneExample } from '../../examples/standalone';
import { tempDir } from '../helpers/synth';

describe('the README example: constructs without the org file', () => {
  test('GIVEN the example WHEN synthesized THEN the role trusts the identity account with MFA and the group may assume exactly it', () => {
    const app = new App({ outdir: tempDir() });
    buildStandaloneExample(app);
    const [member, identity] = app.node.children as TerraformStack[];
    expect(Testing.synth(member)).toHaveResourceWithProperties(IamRole, {
      name: 'ReadOnly',
      assume_role_policy:
        '{"Version":"2012-10-17","Statement":[{"Sid":"IdentityAccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/*"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}',
    });
    expect(Testing.synth(identity)).toHaveResourceWithProperties(IamGroup, { name: 'readers' });
    expect(Testing.synth(identity)).toHaveResourceWithProperties(IamPolicy, {
      name: 'readers-assume-roles',
      policy:
        '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/ReadOnly"},' +
        '{"Sid":"DenyAssumeRoleWithoutMfa","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/ReadOnly","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}',
    });
  });
});
