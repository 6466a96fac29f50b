/**
 * Strict argument checking before a command runs: citty accepts any flag and any number of positionals,
 * so `waybill lint --fromat json` would lint in the default format and exit 0. Every flag must be one the
 * command declares (or its alias, camelCase/kebab-case spelling, or `--no-` form of a boolean), and no
 * more positionals than it declares (a positional whose valueHint ends in `…` takes any number).
 */
import type { ArgDef, ArgsDef, CommandDef } from 'citty';
import { closest, distance } from 'fastest-levenshtein';
import { UserError } from '../diagnostics/user-error.ts';

/** citty lets a command's parts be values, promises or functions returning either. */
export async function resolveValue<T>(value: T | (() => T | Promise<T>) | Promise<T>): Promise<T> {
  return typeof value === 'function' ? (value as () => T | Promise<T>)() : value;
}

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface Flag {
  name: string;
  type: ArgDef['type'];
}

/** The spellings `--x` a command accepts, each mapped to its argument. */
function flagsOf(args: ArgsDef): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue;
    const flag = { name, type: def.type };
    const alias = 'alias' in def ? def.alias : undefined;
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias];
    for (const spelling of new Set([name, kebab(name), camel(name), ...aliases])) flags.set(spelling, flag);
    if (def.type === 'boolean') flags.set(`no-${name}`, flag);
  }
  return flags;
}

function usageError(message: string, commandName: string): UserError {
  return new UserError('usage', message, { hint: `Run \`${commandName} --help\` for usage.` });
}

/** `Did you mean '--format'?` for a near miss (at most a third of the letters wrong), else nothing. */
function suggestion(typed: string, candidates: readonly string[], prefix: string): string {
  if (!candidates.length) return '';
  const near = closest(typed, [...candidates]);
  return distance(typed, near) <= Math.max(1, Math.floor(typed.length / 3)) ? ` Did you mean '${prefix}${near}'?` : '';
}

/**
 * Throws a usage error (exit 2) for an unknown flag or a positional too many, naming the nearest
 * spelling; walks into subcommands the way citty does.
 */
export async function checkArgs(command: CommandDef<any>, rawArgs: readonly string[], commandName: string): Promise<void> {
  const args = (await resolveValue(command.args ?? {})) as ArgsDef;
  const subCommands = (await resolveValue(command.subCommands)) as Record<string, unknown> | undefined;
  const flags = flagsOf(args);
  const positionals = Object.entries(args).filter(([, def]) => def.type === 'positional');
  const variadic = positionals.some(([, def]) => def.valueHint?.endsWith('…'));
  let count = 0;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i];
    if (arg === '--') {
      count += rawArgs.length - i - 1;
      break;
    }
    if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      const long = arg.startsWith('--');
      const body = arg.slice(long ? 2 : 1);
      const name = body.includes('=') ? body.slice(0, body.indexOf('=')) : body;
      // `-fjson` is `-f json`; `-ab` is `-a -b`.
      const names = long ? [name] : name.split('');
      for (const [k, n] of names.entries()) {
        const flag = flags.get(n);
        if (!flag) {
          const known = [...flags.keys()].filter((key) => (long ? key.length > 1 : key.length === 1));
          throw usageError(`Unknown option '${long ? '--' : '-'}${n}' for \`${commandName}\`.${suggestion(n, known, long ? '--' : '-')}`, commandName);
        }
        const takesValue = (flag.type === 'string' || flag.type === 'enum') && !n.startsWith('no-');
        if (!takesValue) continue;
        if (!body.includes('=') && k === names.length - 1) {
          if (i + 1 >= rawArgs.length) throw usageError(`Option '${arg}' needs a value.`, commandName);
          i++;
        }
        break;
      }
      continue;
    }
    if (subCommands && Object.keys(subCommands).length) {
      const sub = subCommands[arg];
      if (sub === undefined) {
        throw usageError(`Unknown command '${arg}' for \`${commandName}\`.${suggestion(arg, Object.keys(subCommands), '')} Commands: ${Object.keys(subCommands).join(', ')}.`, commandName);
      }
      return checkArgs((await resolveValue(sub)) as CommandDef<any>, rawArgs.slice(i + 1), `${commandName} ${arg}`);
    }
    count++;
    if (count > positionals.length && !variadic) {
      const expected = positionals.length ? `takes ${positionals.map(([n]) => n.toUpperCase()).join(' ')}` : 'takes no positional arguments';
      throw usageError(`Unexpected argument '${arg}': \`${commandName}\` ${expected}.`, commandName);
    }
  }
}
