/**
 * `Haven --cli <command> …`: the arguments after `--cli`, or null for a normal start (no Electron
 * import here, so the packaging test can check it under plain Node).
 */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at < 0 ? null : argv.slice(at + 1);
}
