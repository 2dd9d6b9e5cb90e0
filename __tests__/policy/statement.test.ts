/**
 * The policy language itself: statements, documents, principals and condition blocks render the
 * exact JSON AWS stores, and refuse what IAM would refuse.
 */
import { mergeConditions, normalizeConditions } from '../../policy/condition';
import { POLICY_VERSION, PolicyDocument, policySize } from '../../policy/document';
import { AccountPrincipal, AnyPrincipal, FederatedPrincipal, ServicePrincipal } from '../../policy/principal';
import { PolicyStatement } from '../../policy/statement';

describe('PolicyStatement', () => {
  test('GIVEN only a sid and actions THEN it allows them, in AWS\'s key order, one action as a string', () => {
    expect(new PolicyStatement({ sid: 'Read', actions: ['s3:GetObject'] }).toJSON()).toEqual({ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject' });
    expect(JSON.stringify(new PolicyStatement({ sid: 'Read', actions: ['s3:GetObject'], resources: ['*'], conditions: { Bool: { 'aws:SecureTransport': 'true' } } }))).toBe(
      '{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}',
    );
  });

  test('GIVEN repeated actions and resources THEN each is written once, in the order given', () => {
    const s = new PolicyStatement({ sid: 'S1', effect: 'Deny', actions: ['b:X', 'a:Y', 'b:X'], resources: ['r2', 'r1', 'r2'] });
    expect(s.actions).toEqual(['b:X', 'a:Y']);
    expect(s.toJSON()).toEqual({ Sid: 'S1', Effect: 'Deny', Action: ['b:X', 'a:Y'], Resource: ['r2', 'r1'] });
  });

  test('GIVEN NotAction and NotResource THEN they are written instead of Action and Resource', () => {
    expect(new PolicyStatement({ sid: 'Rest', effect: 'Deny', notActions: ['iam:Get*', 'iam:List*', 'iam:Get*'], notResources: ['arn:a', 'arn:a'] }).toJSON()).toEqual({
      Sid: 'Rest',
      Effect: 'Deny',
      NotAction: ['iam:Get*', 'iam:List*'],
      NotResource: 'arn:a',
    });
    expect(new PolicyStatement({ sid: 'One', notActions: ['iam:Get*'], notResources: ['arn:a', 'arn:b'] }).toJSON()).toEqual({ Sid: 'One', Effect: 'Allow', NotAction: 'iam:Get*', NotResource: ['arn:a', 'arn:b'] });
  });

  test('a Sid must be alphanumeric: IAM refuses anything else', () => {
    expect(new PolicyStatement({ sid: 'AZaz09', actions: ['a:B'] }).sid).toBe('AZaz09');
    for (const sid of ['', 'Has-Dash', '-Lead', 'Trail-', 'Two Words', 'Under_score']) {
      expect(() => new PolicyStatement({ sid, actions: ['a:B'] })).toThrow(`Statement id "${sid}" must be alphanumeric (IAM refuses other characters in a Sid).`);
    }
  });

  test('a statement needs actions, and never both Action and NotAction, nor Resource and NotResource', () => {
    expect(() => new PolicyStatement({ sid: 'S', actions: [] })).toThrow(new Error('Statement S has no actions.'));
    expect(() => new PolicyStatement({ sid: 'S' })).toThrow(new Error('Statement S has no actions.'));
    expect(() => new PolicyStatement({ sid: 'S', actions: ['a:B'], notActions: ['a:C'] })).toThrow(new Error('Statement S has both Action and NotAction.'));
    expect(() => new PolicyStatement({ sid: 'S', actions: ['a:B'], resources: ['r'], notResources: ['n'] })).toThrow(new Error('Statement S has both Resource and NotResource.'));
    // Empty lists are no lists.
    expect(new PolicyStatement({ sid: 'S', actions: ['a:B'], notActions: [], resources: [], notResources: [] }).toJSON()).toEqual({ Sid: 'S', Effect: 'Allow', Action: 'a:B' });
  });

  test('principals are grouped by type (AWS, Federated, Service), each sorted, repeated ARNs once, single ones as strings', () => {
    const s = new PolicyStatement({
      sid: 'Trust',
      principals: [
        new AccountPrincipal('222222222222'),
        new ServicePrincipal('events.amazonaws.com'),
        new AccountPrincipal('111111111111'),
        new FederatedPrincipal('arn:aws:iam::111111111111:saml-provider/Okta'),
        new AccountPrincipal('222222222222'),
      ],
      actions: ['sts:AssumeRole'],
    });
    expect(s.toJSON()).toEqual({
      Sid: 'Trust',
      Effect: 'Allow',
      Principal: {
        AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root'],
        Federated: 'arn:aws:iam::111111111111:saml-provider/Okta',
        Service: 'events.amazonaws.com',
      },
      Action: 'sts:AssumeRole',
    });
    expect(JSON.stringify(s.toJSON())).toBe(
      '{"Sid":"Trust","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root","arn:aws:iam::222222222222:root"],"Federated":"arn:aws:iam::111111111111:saml-provider/Okta","Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}',
    );
  });

  test('one kind of principal writes only its own key; several services or providers are a list', () => {
    const only = (principals: PolicyStatement['principals']) => new PolicyStatement({ sid: 'T', principals, actions: ['sts:AssumeRole'] }).toJSON().Principal;
    expect(only([new ServicePrincipal('sns.amazonaws.com'), new ServicePrincipal('events.amazonaws.com')])).toEqual({ Service: ['events.amazonaws.com', 'sns.amazonaws.com'] });
    expect(only([new FederatedPrincipal('arn:b'), new FederatedPrincipal('arn:a')])).toEqual({ Federated: ['arn:a', 'arn:b'] });
    expect(only([new AccountPrincipal('333333333333')])).toEqual({ AWS: 'arn:aws:iam::333333333333:root' });
  });

  test('every principal ("*") is written as "*", whatever else is named', () => {
    expect(new PolicyStatement({ sid: 'Any', principals: [new AnyPrincipal()], actions: ['sts:AssumeRole'] }).toJSON()).toEqual({ Sid: 'Any', Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' });
    expect(new PolicyStatement({ sid: 'Any', principals: [new AccountPrincipal('111111111111'), new AnyPrincipal()], actions: ['sts:AssumeRole'] }).toJSON().Principal).toBe('*');
  });

  test('conditions are normalized; an empty block writes no Condition', () => {
    const s = new PolicyStatement({ sid: 'C', actions: ['a:B'], conditions: { StringEquals: { b: ['2'], a: '1' }, Bool: {} } });
    expect(s.conditions).toEqual({ StringEquals: { a: '1', b: '2' } });
    expect(new PolicyStatement({ sid: 'C', actions: ['a:B'], conditions: { Bool: {} } }).toJSON()).toEqual({ Sid: 'C', Effect: 'Allow', Action: 'a:B' });
  });
});

describe('principals', () => {
  test('each knows its ARN and the key it is written under', () => {
    expect(new AccountPrincipal('123456789012')).toMatchObject({ accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', type: 'AWS' });
    expect(new AnyPrincipal()).toMatchObject({ arn: '*', type: 'AWS' });
    expect(new FederatedPrincipal('arn:aws:iam::1:oidc-provider/x')).toMatchObject({ arn: 'arn:aws:iam::1:oidc-provider/x', type: 'Federated' });
    expect(new ServicePrincipal('events.amazonaws.com')).toMatchObject({ arn: 'events.amazonaws.com', type: 'Service' });
  });
});

describe('PolicyDocument', () => {
  test('renders the 2012-10-17 version and its statements, as compact JSON', () => {
    const doc = new PolicyDocument([new PolicyStatement({ sid: 'A', actions: ['a:A'] }), new PolicyStatement({ sid: 'B', actions: ['b:B'], resources: ['*'] })]);
    expect(POLICY_VERSION).toBe('2012-10-17');
    expect(doc.toString()).toBe('{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"a:A"},{"Sid":"B","Effect":"Allow","Action":"b:B","Resource":"*"}]}');
    expect(doc.size).toBe(doc.toString().length);
    expect(doc.size).toBe(141);
  });

  test('a Sid used twice in one document is refused', () => {
    expect(() => new PolicyDocument([new PolicyStatement({ sid: 'A', actions: ['a:A'] }), new PolicyStatement({ sid: 'A', actions: ['b:B'] })])).toThrow(
      new Error('Statement id A is used twice in one policy.'),
    );
  });

  test('size does not count white space of any kind, and counts everything else', () => {
    expect(policySize(' \t\n\r{ "a" : 1 }\n')).toBe(7);
    expect(policySize('{"Sid":"A B"}')).toBe(12);
    expect(policySize('')).toBe(0);
  });
});

describe('condition blocks', () => {
  test('normalize sorts operators and keys, writes one value as a string, and drops empty operators', () => {
    const normalized = normalizeConditions({
      StringLike: { 'b:sub': ['x', 'y'], 'a:sub': ['only'] },
      ArnLike: { 'aws:PrincipalArn': 'arn:x' },
      Null: {},
    });
    expect(JSON.stringify(normalized)).toBe('{"ArnLike":{"aws:PrincipalArn":"arn:x"},"StringLike":{"a:sub":"only","b:sub":["x","y"]}}');
  });

  test('normalize copies lists: changing the input later does not change the block', () => {
    const values = ['a', 'b'];
    const normalized = normalizeConditions({ StringEquals: { k: values } });
    values.push('c');
    expect(normalized).toEqual({ StringEquals: { k: ['a', 'b'] } });
  });

  test('merge joins blocks of the same operator and sorts the result', () => {
    expect(JSON.stringify(mergeConditions({ StringEquals: { b: '2' } }, {}, { StringEquals: { a: '1' }, Bool: { c: 'true' } }))).toBe('{"Bool":{"c":"true"},"StringEquals":{"a":"1","b":"2"}}');
    expect(mergeConditions()).toEqual({});
  });

  test('merge refuses the same operator and key twice', () => {
    expect(() => mergeConditions({ StringEquals: { k: '1' } }, { StringEquals: { k: '1' } })).toThrow(new Error('Condition StringEquals k is set twice.'));
    // The same key under another operator is another condition.
    expect(mergeConditions({ StringEquals: { k: '1' } }, { StringLike: { k: '1*' } })).toEqual({ StringEquals: { k: '1' }, StringLike: { k: '1*' } });
  });
});
