/**
 * cdktf 0.21 (archived; CDK Terrain has the fix) calls `util.isArray` for every output, which Node 22
 * deprecates at run time (DEP0044): each synth on Node 22 would print that warning to stderr, among
 * the org file's own warnings. Imported for its effect by the synth (main thread and workers); only
 * that one warning is dropped, every other still prints.
 */
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;

process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  // (warning, type, code, ctor) or (warning, { type, code, detail })
  const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: unknown }).code : rest[1];
  if (code === 'DEP0044') return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

export {};
