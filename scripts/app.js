#!/usr/bin/env node
// The app cdktf runs (cdktf.json "app"): build when stale, then run the compiled app.
require('./ensure-built');
require('../dist/main.js');
