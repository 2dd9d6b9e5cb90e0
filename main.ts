import { App } from 'cdktf';
import { loadOrgFile, orgFilePath } from './org/load';
import { OrgConfigError } from './org/errors';
import { buildApp } from './stacks/app';

// Load and check the whole org file before any stack exists: a mistake writes nothing.
try {
  const model = loadOrgFile(orgFilePath());
  const app = new App();
  buildApp(model, app);
  app.synth();
} catch (err) {
  if (!(err instanceof OrgConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
