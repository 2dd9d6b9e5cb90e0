import { loadOrgFile, orgFilePath } from './org/load';
import { OrgConfigError } from './org/errors';
import { UnknownStackError } from './stacks/app';
import { OrphanedStateError, outputDir, stackFilter, synthesizeAtomically } from './stacks/synth';

// The whole org file is checked before any stack exists; output appears only when all of it synthesized.
synthesizeAtomically(loadOrgFileOrExit(), outputDir(), { stacks: stackFilter() }).catch((err: unknown) => {
  if (!(err instanceof UnknownStackError || err instanceof OrphanedStateError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});

function loadOrgFileOrExit() {
  try {
    const model = loadOrgFile(orgFilePath());
    for (const w of model.warnings) process.stderr.write(`${w.file}:${w.line}:${w.column} warning: ${w.path}: ${w.message}\n`);
    return model;
  } catch (err) {
    if (!(err instanceof OrgConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
