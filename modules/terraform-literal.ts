import { Token } from 'cdktf';

/**
 * A string Terraform must take literally. Terraform reads `${...}` and `%{...}` in any string as
 * template syntax (IAM policy variables such as `${aws:username}` look exactly like it); `$${` and
 * `%%{` are Terraform's escapes, so AWS receives the text as written.
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences-1
 */
export function terraformLiteral(value: string): string {
  // Replacer functions: in a replacement string `$$` would itself mean one `$`.
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * The one escape every construct of this module set applies to the configuration it hands to a
 * Terraform resource, provider, backend, variable or output: every string in it (deeply, through
 * arrays and plain objects, map keys too) is made literal with `terraformLiteral`, except references to other
 * resources (cdktf tokens), which must stay expressions. Other values (numbers, booleans, resources
 * in `dependsOn`) are kept as they are.
 */
export function literalStrings<T>(value: T): T {
  return escapeDeep(value) as T;
}

function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return Token.isUnresolved(value) ? value : terraformLiteral(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [Token.isUnresolved(k) ? k : terraformLiteral(k), escapeDeep(v)]));
  }
  return value;
}
