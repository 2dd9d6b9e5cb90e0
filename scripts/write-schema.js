#!/usr/bin/env node
// Writes schema/org.schema.json from the compiled zod schema (run `npm run build` first; `npm run schema` does both).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { orgJsonSchemaText } = require('../dist/org/json-schema');
const dir = join(__dirname, '..', 'schema');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'org.schema.json'), orgJsonSchemaText());
console.log('wrote schema/org.schema.json');
