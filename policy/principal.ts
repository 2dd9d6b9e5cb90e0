import { accountRootArn } from './arn';

/**
 * A principal in a trust policy. Small classes that know their own ARN, so no raw `{AWS: ...}`
 * literal is written anywhere but in `PolicyStatement.toJSON`.
 */
export abstract class Principal {
  abstract readonly arn: string;
  /** The key it is written under in a policy's `Principal`: `AWS` for accounts, roles and users, `Federated` for identity providers, `Service` for AWS services. */
  readonly type: 'AWS' | 'Federated' | 'Service' = 'AWS';
}

/**
 * A whole account (`arn:aws:iam::<id>:root`): trusts whatever that account's own IAM policies allow.
 * Also the robust way to trust one role of that account, together with an `aws:PrincipalArn`
 * condition: it does not fail when the role does not exist yet, and keeps matching when it is
 * recreated.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
 */
export class AccountPrincipal extends Principal {
  readonly arn: string;
  constructor(readonly accountId: string) {
    super();
    this.arn = accountRootArn(accountId);
  }
}

/**
 * Every principal (`"*"`). Only for policies that must name it, such as a resource control policy
 * that then narrows by condition; the generator never trusts it in a role.
 */
export class AnyPrincipal extends Principal {
  readonly arn = '*';
}

/**
 * An identity provider of an account (`arn:aws:iam::<id>:oidc-provider/<host>` or
 * `arn:aws:iam::<id>:saml-provider/<name>`): its tokens or assertions are exchanged for a role
 * session with `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-federated-web-identity
 */
export class FederatedPrincipal extends Principal {
  override readonly type = 'Federated' as const;
  constructor(readonly arn: string) {
    super();
  }
}

/**
 * An AWS service (`events.amazonaws.com`), acting for the account: pair it with an
 * `aws:SourceAccount` or `aws:SourceArn` condition against the confused deputy.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export class ServicePrincipal extends Principal {
  override readonly type = 'Service' as const;
  constructor(readonly arn: string) {
    super();
  }
}
