/**
 * `waybill`: one root command, one file per subcommand (loaded lazily), one exit path. A user error
 * prints its message and hint; only an internal error mentions a stack trace, and only with WAYBILL_DEBUG.
 */
import { defineCommand, renderUsage, runCommand, type CommandDef } from 'citty';
import { UserError } from '../diagnostics/user-error.ts';
import { useColor, VERSION } from './shared.ts';
import { checkArgs, resolveValue } from './strict-args.ts';

const subCommands = {
  lint: () => import('./commands/lint.ts').then((m) => m.default),
  build: () => import('./commands/build.ts').then((m) => m.default),
  dev: () => import('./commands/dev.ts').then((m) => m.default),
  preview: () => import('./commands/preview.ts').then((m) => m.default),
  new: () => import('./commands/new.ts').then((m) => m.default),
  init: () => import('./commands/init.ts').then((m) => m.default),
  'verify-pact': () => import('./commands/verify-pact.ts').then((m) => m.default),
  diff: () => import('./commands/diff.ts').then((m) => m.default),
  'can-i-deploy': () => import('./commands/can-i-deploy.ts').then((m) => m.default),
  verify: () => import('./commands/verify.ts').then((m) => m.default),
  import: () => import('./commands/import.ts').then((m) => m.default),
  export: () => import('./commands/export.ts').then((m) => m.default),
  codegen: () => import('./commands/codegen.ts').then((m) => m.default),
  report: () => import('./commands/report.ts').then((m) => m.default),
} satisfies Record<string, () => Promise<CommandDef<any>>>;

export const main = defineCommand({
  meta: { name: 'waybill', version: VERSION, description: 'The event catalog that proves itself.' },
  subCommands,
});

/** Runs `waybill ARGS…` and returns the exit code: 0 done, 1 findings, 2 usage or user error, 70 a bug. */
export async function run(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const first = argv.find((a) => !a.startsWith('-'));
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (argv.length === 0 || (wantsHelp && (!first || !(first in subCommands)))) {
    await printUsage(main);
    return argv.length === 0 ? 2 : 0;
  }
  try {
    if (wantsHelp && first) {
      // `waybill import asyncapi --help`: the usage of the deepest subcommand named.
      let parent: CommandDef<any> = main;
      let command: CommandDef<any> = await subCommands[first as keyof typeof subCommands]();
      for (const arg of argv.filter((a) => !a.startsWith('-')).slice(1)) {
        const nested = (await resolveValue(command.subCommands)) as Record<string, unknown> | undefined;
        if (!nested || !(arg in nested)) break;
        parent = command;
        command = (await resolveValue(nested[arg])) as CommandDef<any>;
      }
      await printUsage(command, parent);
      return 0;
    }
    await checkArgs(main, argv, 'waybill');
    process.exitCode = 0;
    await runCommand(main, { rawArgs: argv });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return fail(error);
  }
}

/**
 * Usage text as citty renders it, without colour unless standard output is a terminal, and without the
 * padding citty adds after the longest description of a column.
 */
async function printUsage(command: CommandDef<any>, parent?: CommandDef<any>): Promise<void> {
  const text = await renderUsage(command, parent);
  const plain = useColor() ? text : text.replace(/\x1b\[[0-9;]*m/g, '');
  process.stdout.write(`${plain.split('\n').map((line) => line.trimEnd()).join('\n')}\n\n`);
}

/**
 * `waybill lint --rules | head -1`: when the reader of standard output goes away, stop without a word
 * (the shell's convention for a closed pipe) instead of an EPIPE stack trace.
 */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}

function fail(error: unknown): number {
  if (error instanceof UserError) {
    process.stderr.write(`waybill: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  ${error.hint}\n`);
    return error.exitCode;
  }
  // citty's own usage errors (missing positional, unknown subcommand)
  if (error instanceof Error && error.name === 'CLIError') {
    process.stderr.write(`waybill: ${error.message}\n  Run with --help for usage.\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`waybill: internal error: ${message}\n  This is a bug in Waybill; please report it with the command you ran.\n`);
  if (process.env.WAYBILL_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 70;
}
