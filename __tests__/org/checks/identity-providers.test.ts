/** The identity providers check alone: SAML providers of the identity account, OIDC subjects, one provider mode per issuer, thumbprints. */
import { identityProviderIssues } from '../../../org/checks/identity-providers';
import { contextOf } from '../../helpers/check-context';

const GITLAB = 'https://gitlab.example.com';
const oidc = (more: Record<string, unknown> = {}) => ({ issuer: GITLAB, audiences: ['sts.amazonaws.com'], subjects: ['project_path:acme/infra:ref_type:branch:ref:main'], assume: {}, ...more });

describe('identityProviderIssues', () => {
  test('GIVEN a SAML provider by name, or by an ARN of the identity account THEN nothing is wrong', () => {
    expect(identityProviderIssues(contextOf({ samlRoles: { A: { provider: 'Okta', assume: {} }, B: { provider: 'arn:aws:iam::111111111111:saml-provider/Okta', assume: {} } } }))).toEqual([]);
  });

  test('GIVEN a SAML provider of another account THEN it is refused', () => {
    expect(identityProviderIssues(contextOf({ samlRoles: { A: { provider: 'arn:aws:iam::222222222222:saml-provider/Okta', assume: {} } } }))).toEqual([
      {
        path: ['samlRoles', 'A', 'provider'],
        message: "arn:aws:iam::222222222222:saml-provider/Okta is a SAML provider of another account; people sign in to the identity account 111111111111, whose role the app creates. Fix: name the identity account's SAML provider (its name, e.g. Okta, or arn:aws:iam::111111111111:saml-provider/Okta).",
      },
    ]);
  });

  test('GIVEN an OIDC subject that is only wildcards THEN that item is refused', () => {
    expect(identityProviderIssues(contextOf({ oidc: { ci: oidc({ subjects: ['project_path:acme/infra:*', '*?'] }) } }))).toEqual([
      {
        path: ['oidc', 'ci', 'subjects', 1],
        message: `"*?" matches every subject: any workload that can get a token from ${GITLAB} could assume the role. Fix: list the exact sub claims that may assume, e.g. project_path:acme/infra:ref_type:branch:ref:main.`,
      },
    ]);
  });

  test.each(['repo:*/infra:ref:refs/heads/main', 'repository_owner:acme*', '*:acme'])('GIVEN GitHub\'s issuer and the sub %s, of any owner, THEN it is refused', (sub) => {
    expect(identityProviderIssues(contextOf({ oidc: { gh: oidc({ issuer: 'https://token.actions.githubusercontent.com/', subjects: [sub] }) } }))).toEqual([
      {
        path: ['oidc', 'gh', 'subjects', 0],
        message: `"${sub}" lets in repositories of any GitHub owner: anyone's workflow on GitHub could get such a token and assume the role. Fix: name the owner, e.g. repo:acme/*:ref:refs/heads/main, or use githubActions with repository: owner/name.`,
      },
    ]);
  });

  test('GIVEN another issuer THEN a wildcard owner is its own business', () => {
    expect(identityProviderIssues(contextOf({ oidc: { ci: oidc({ subjects: ['repo:*/infra:ref:refs/heads/main'] }) } }))).toEqual([]);
  });

  test('GIVEN githubActions and an oidc entry of GitHub\'s issuer with different oidcProvider THEN the later is refused, naming the first', () => {
    const ctx = contextOf({
      githubActions: { deploy: { repository: 'acme/infra', assume: {} } },
      oidc: { gh: oidc({ issuer: 'https://token.actions.githubusercontent.com', subjects: ['repo:acme/infra:*'], oidcProvider: 'existing' }) },
    });
    expect(identityProviderIssues(ctx)).toEqual([
      {
        path: ['oidc', 'gh', 'oidcProvider'],
        message: 'is existing, but githubActions.deploy.oidcProvider is create for the same issuer token.actions.githubusercontent.com; an account has one OIDC provider per issuer. Fix: give both the same oidcProvider.',
      },
    ]);
  });

  test('GIVEN two entries of one issuer with one mode, and a third of another issuer THEN nothing is wrong', () => {
    expect(identityProviderIssues(contextOf({ oidc: { a: oidc({ oidcProvider: 'adopt' }), b: oidc({ issuer: `${GITLAB}/`, oidcProvider: 'adopt' }), c: oidc({ issuer: 'https://ci.example.com' }) } }))).toEqual([]);
  });

  test('GIVEN thumbprints on a provider made elsewhere THEN they are refused', () => {
    expect(identityProviderIssues(contextOf({ oidc: { ci: oidc({ oidcProvider: 'existing', thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }) } }))).toEqual([
      { path: ['oidc', 'ci', 'thumbprints'], message: 'apply only to an OIDC provider the app creates or adopts, and oidcProvider is existing (made elsewhere). Fix: remove thumbprints here and set them where the provider is made, or set oidcProvider: create.' },
    ]);
  });

  test('GIVEN an entry with an open subject THEN it is refused for that alone: its thumbprints and provider mode wait', () => {
    const ctx = contextOf({ oidc: { a: oidc(), b: oidc({ subjects: ['*'], oidcProvider: 'existing', thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }) } });
    expect(identityProviderIssues(ctx).map((i) => i.path)).toEqual([['oidc', 'b', 'subjects', 0]]);
  });
});
