import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { orgJsonSchema, orgJsonSchemaText } from '../../org/json-schema';
import { EXAMPLE_ORG, FIXTURES, ROOT } from '../helpers/synth';

describe('the published JSON Schema of the org file', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(orgJsonSchema());

  test('schema/org.schema.json is the one generated from the zod schema (run `npm run schema` after a change)', () => {
    expect(readFileSync(join(ROOT, 'schema', 'org.schema.json'), 'utf8')).toBe(orgJsonSchemaText());
  });

  test('the example org.yaml references it, and it and every fixture org validate', () => {
    expect(readFileSync(EXAMPLE_ORG, 'utf8')).toContain('# yaml-language-server: $schema=./schema/org.schema.json');
    for (const file of [EXAMPLE_ORG, ...['minimal', 'automation', 'implicit'].map((f) => join(FIXTURES, `${f}.yaml`))]) {
      expect({ file, ok: validate(parse(readFileSync(file, 'utf8'))), errors: validate.errors ?? null }).toEqual({ file, ok: true, errors: null });
    }
  });

  test('an editor is told about an unknown key, an unquoted account id and an out-of-range session', () => {
    const org = parse(readFileSync(EXAMPLE_ORG, 'utf8'));
    org.accounts.dev.enviroment = 'x';
    org.identity.accountId = 111111111111;
    org.roles.Admin.maxSessionDuration = 60;
    expect(validate(org)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(paths).toEqual(expect.arrayContaining(['/accounts/dev additionalProperties', '/identity/accountId type', '/roles/Admin/maxSessionDuration minimum']));
  });
});
