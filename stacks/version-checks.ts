/**
 * cdktf checks the Terraform version for every construct that needs a recent one (a `cloud` block,
 * each `import` and `moved` block) by running `terraform version` each time, at synth. In HCP
 * Terraform mode every stack has a `cloud` block: at 1,000 accounts that was 2,000 processes and
 * about 50 s of a 58 s synth (measured). The answer cannot change within one synth, so each
 * command and version constraint is checked once per thread, with the same messages.
 */
interface BinaryVersionCheck {
  versionCommand: string;
  versionConstraint: string;
  hint?: string;
  validate(): string[];
}

let installed = false;

/** Makes cdktf's binary version checks run once per command and constraint. Safe to call more than once. */
export function checkTerraformVersionOnce(): void {
  if (installed) return;
  installed = true;
  let proto: BinaryVersionCheck | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    proto = (require('cdktf/lib/validations/validate-binary-version') as { ValidateBinaryVersion: { prototype: BinaryVersionCheck } }).ValidateBinaryVersion.prototype;
  } catch {
    return; // Another build of cdktf (e.g. CDK Terrain) without this module: its own checks stay as they are.
  }
  const validate = proto.validate;
  const answers = new Map<string, string[]>();
  proto.validate = function (this: BinaryVersionCheck): string[] {
    const key = JSON.stringify([this.versionCommand, this.versionConstraint, this.hint]);
    let answer = answers.get(key);
    if (!answer) {
      answer = validate.call(this);
      answers.set(key, answer);
    }
    return [...answer];
  };
}
