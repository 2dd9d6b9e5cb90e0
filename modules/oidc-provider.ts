/**
 * An account's IAM OIDC identity provider for one issuer (OidcProvider): created, referenced or
 * adopted.
 */
import { Construct } from 'constructs';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { oidcIssuerHostPath, oidcProviderArn } from '../policy/arn';
import { stableIdWithoutHistory } from './stable-id';
import { literalStrings } from './terraform-literal';

export interface OidcProviderProps {
  /** The issuer, `https://...`, as in its tokens' `iss` claim. */
  readonly issuerUrl: string;
  /** The account it lives in (for its ARN when adopted). */
  readonly accountId: string;
  /** Accepted `aud` claims (client ids). */
  readonly audiences: readonly string[];
  /** Server certificate thumbprints; none lets AWS verify the issuer by its trusted CAs. */
  readonly thumbprints?: readonly string[];
  /** It exists already (made by hand): import it by ARN instead of creating it. Default false. */
  readonly adopt?: boolean;
}

/**
 * An account's IAM OIDC identity provider for one issuer (e.g. GitHub Actions), which the roles of
 * that account trust for `sts:AssumeRoleWithWebIdentity`. An account has at most one per issuer.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
 */
export class OidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: OidcProviderProps) {
    super(scope, id);
    const hostPath = oidcIssuerHostPath(props.issuerUrl);
    this.provider = stableIdWithoutHistory(
      new IamOpenidConnectProvider(this, 'provider', literalStrings({
        url: props.issuerUrl,
        clientIdList: [...props.audiences],
        thumbprintList: props.thumbprints?.length ? [...props.thumbprints] : undefined,
      })),
      'oidc',
      'provider',
      hostPath,
    );
    if (props.adopt) this.provider.importFrom(literalStrings(oidcProviderArn(props.accountId, props.issuerUrl)));
  }
}
