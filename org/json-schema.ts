import { z } from 'zod';
import { OrgFileSchema } from './schema';

/**
 * The org file's JSON Schema, generated from the same zod schema the loader validates with, so
 * editors (yaml-language-server, VS Code) complete and check `org.yaml` exactly as synth does.
 */
export function orgJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(OrgFileSchema, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://cross-account-iam.dev/schema/org.schema.json',
    title: 'cross-account-iam org file',
    description: 'Who in the identity account may assume which role in which member account. See docs/org-file.md.',
  };
}

/** The schema as written to `schema/org.schema.json`. */
export function orgJsonSchemaText(): string {
  return `${JSON.stringify(orgJsonSchema(), null, 2)}\n`;
}
