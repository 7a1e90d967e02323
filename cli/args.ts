/**
 * Command-line manners shared by the project's commands (synth, diff): `--help`, one-line errors
 * for a bad command line (exit 2, pointing at --help), and one line instead of a stack trace for
 * the file-system errors a user causes (a folder that cannot be written, a file that is missing).
 */

/** A bad command line: printed as one line with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

/** Exit code for a bad command line, as getopt-style tools use. */
export const USAGE_EXIT_CODE = 2;

/** What an option takes: a flag stands alone, a value option needs the next argument (or `=value`). */
export type OptionKind = 'flag' | 'value';

export interface ParsedArgs {
  /** Options given, by name without the dashes: `true` for flags, the text for value options. */
  readonly options: Record<string, string | true>;
  readonly positionals: string[];
  /** `-h` or `--help` was given: print the help, ignore everything else. */
  readonly help: boolean;
}

/** Parses `argv` against the options a command declares (names without the leading `--`). */
export function parseArgs(argv: readonly string[], declared: Record<string, OptionKind>): ParsedArgs {
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  if (argv.includes('-h') || argv.includes('--help')) return { options, positionals, help: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const kind = declared[name];
    if (!kind || !arg.startsWith('--')) throw new UsageError(`unknown option "${eq > 0 ? arg.slice(0, eq) : arg}"`);
    if (kind === 'flag') {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    options[name] = value;
  }
  return { options, positionals, help: false };
}

/** The line printed for a usage error, e.g. `synth: unknown option "--x"; see \`npm run synth -- --help\``. */
export function usageErrorLine(name: string, helpCommand: string, err: UsageError): string {
  return `${name}: ${err.message}; see \`${helpCommand}\``;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EEXIST: 'it already exists',
};

/**
 * A Node file-system error (it carries `code` and `syscall`) as one line naming the path, or
 * undefined for anything else (a bug, whose stack trace is worth printing).
 */
export function fileSystemErrorLine(err: unknown): string | undefined {
  const e = err as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  if (!e || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const target = e.dest ? `${e.path} -> ${e.dest}` : (e.path ?? '');
  // mkdir -p reports a file standing where a folder should be as EEXIST
  const reason = e.code === 'EEXIST' && e.syscall === 'mkdir' ? 'a file is in the way' : (REASONS[e.code] ?? e.code);
  return `cannot ${e.syscall} ${target}: ${reason}`.replace(/  +/g, ' ');
}
