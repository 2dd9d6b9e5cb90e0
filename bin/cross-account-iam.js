#!/usr/bin/env node
// The `cross-account-iam` command: compiles the project when a source changed, then runs the CLI.
require('../scripts/ensure-built');
require('../dist/bin/cli').main();
