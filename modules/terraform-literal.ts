/**
 * A string Terraform must take literally. IAM policy variables such as `${aws:username}` look like
 * Terraform interpolation; `$${` and `%%{` are Terraform's escapes, so AWS receives `${...}` as written.
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences-1
 */
export function terraformLiteral(value: string): string {
  // Replacer functions: in a replacement string `$$` would itself mean one `$`.
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
