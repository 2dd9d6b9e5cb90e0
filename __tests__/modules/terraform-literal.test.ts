import { terraformId } from '../../modules/terraform-id';
import { terraformLiteral } from '../../modules/terraform-literal';

describe('terraformLiteral', () => {
  test('IAM policy variables reach AWS as written: ${ and %{ are escaped for Terraform', () => {
    expect(terraformLiteral('{"sts:SourceIdentity":"${aws:username}"}')).toBe('{"sts:SourceIdentity":"$${aws:username}"}');
    expect(terraformLiteral('%{if}')).toBe('%%{if}');
    expect(terraformLiteral('no variables $ { }')).toBe('no variables $ { }');
  });
});

describe('terraformId', () => {
  test('IAM names that are valid Terraform names are kept as they are', () => {
    expect(terraformId('role', 'ReadOnly')).toBe('role_ReadOnly');
    expect(terraformId('group', 'platform-engineers')).toBe('group_platform-engineers');
  });

  test('characters Terraform refuses are replaced, with a hash that keeps distinct names apart', () => {
    const dotted = terraformId('role', 'a.b');
    const underscored = terraformId('role', 'a_b');
    expect(dotted).toMatch(/^role_a_b_[0-9a-f]{8}$/);
    expect(underscored).toBe('role_a_b');
    expect(dotted).not.toBe(underscored);
    expect(terraformId('role', 'a.b')).toBe(dotted);
  });
});
