#!/usr/bin/env node
// Runs the cdktf CLI (or CDK Terrain's, cdktn, where that is the one installed) with what this
// project needs around it: no telemetry, and, where the machine has an offline AWS provider mirror
// (TF_PLUGIN_MIRROR, default /opt/tf-plugins), a Terraform CLI config that installs the provider
// from it. Usage: node scripts/cdktf.js synth [args...]
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

require('./ensure-built');
const { DEFAULT_PLUGIN_MIRROR, writeOfflineCliConfig } = require('../dist/stacks/terraform');

const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
const mirror = process.env.TF_PLUGIN_MIRROR || DEFAULT_PLUGIN_MIRROR;
if (existsSync(mirror)) {
  env.TF_CLI_CONFIG_FILE = writeOfflineCliConfig(join(__dirname, '..', '.terraform.d'), mirror);
} else if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) {
  delete env.TF_CLI_CONFIG_FILE;
}
// cdktf-cli by default; CDK Terrain's CLI (`cdktn`, README "CDK Terrain") where a team installed it instead.
const bins = ['cdktf', 'cdktn'].map((name) => join(__dirname, '..', 'node_modules', '.bin', name));
const bin = bins.find((b) => existsSync(b)) ?? bins[0];
const result = spawnSync(bin, process.argv.slice(2), { stdio: 'inherit', env });
process.exit(result.status ?? 1);
