import { parseArgs } from 'node:util';
import { cliTranslator } from '../../shared/i18n/translate';
import { alertsCommand } from './commands/alerts';
import { checkCommand } from './commands/check';
import { demoCommand } from './commands/demo';
import { initCommand } from './commands/init';
import { rawKeyCommand } from './commands/rawKey';
import { CliError, describeError, type Translate } from './io';

export type Flags = Record<string, string | boolean | undefined>;

type Command = (flags: Flags, t: Translate) => Promise<void>;

const commands: Record<string, Command> = {
  init: initCommand,
  check: checkCommand,
  demo: demoCommand,
  alerts: alertsCommand,
  'raw-key': rawKeyCommand,
};

const usage = `haven <command> [options]

  init     --db FILE --station-code CODE --station-name NAME --admin USER [--admin-name NAME]
           [--password-stdin] [--json]
  check    --db FILE --user USER [--password-stdin] [--json]
  demo     --db FILE --user USER --persons N [--seed S] [--at YYYY-MM-DD] [--append]
           [--password-stdin] [--json]   (synthetic persons and measures; N from 1 to 500000)
  alerts   --db FILE --user USER [--at YYYY-MM-DD] [--json]   (the worklist as of a day)
  raw-key  --db FILE   (recovery key on stdin; prints the master key as 64 hex digits)

Passwords: --password-stdin or HAVEN_PASSWORD. User: --user or HAVEN_USER.
Language: HAVEN_LANG=en for English messages (default zh-CN).`;

async function main(argv: string[]): Promise<number> {
  const t = cliTranslator(process.env.HAVEN_LANG ?? process.env.LANG);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        'station-code': { type: 'string' },
        'station-name': { type: 'string' },
        admin: { type: 'string' },
        'admin-name': { type: 'string' },
        user: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        persons: { type: 'string' },
        seed: { type: 'string' },
        at: { type: 'string' },
        append: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${t('cli.badArguments')}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const [name] = parsed.positionals;
  if (!name || parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return name || parsed.values.help ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`${t('cli.unknownCommand', { name })}\n${usage}\n`);
    return 2;
  }
  try {
    await command(parsed.values as Flags, t);
    return 0;
  } catch (error) {
    process.stderr.write(`${describeError(error, t)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
