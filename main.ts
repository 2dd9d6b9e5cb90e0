import { loadOrgFile, orgFilePath } from './org/load';
import { OrgConfigError } from './org/errors';
import { outputDir, synthesizeAtomically } from './stacks/synth';

// The whole org file is checked before any stack exists; output appears only when all of it synthesized.
try {
  synthesizeAtomically(loadOrgFile(orgFilePath()), outputDir());
} catch (err) {
  if (!(err instanceof OrgConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
