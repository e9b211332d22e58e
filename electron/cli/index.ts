import { writeFileSync } from 'node:fs';
import { ownPeakRssKib } from '../core/bench/rss';
import { parseArgs } from 'node:util';
import { cliTranslator } from '../../shared/i18n/translate';
import { alertsCommand } from './commands/alerts';
import { backupCommand, restoreCommand } from './commands/backup';
import { benchCommand } from './commands/bench';
import { checkCommand } from './commands/check';
import { recoverWalCommand } from './commands/recoverWal';
import { demoCommand } from './commands/demo';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { initCommand } from './commands/init';
import { keysCommand } from './commands/keys';
import { ledgerCommand } from './commands/ledger';
import { rawKeyCommand } from './commands/rawKey';
import { verifyCommand } from './commands/verify';
import { CliError, describeError, type Translate } from './io';
import { argumentsMessage, cliOptions } from './options';

export type Flags = Record<string, string | boolean | string[] | undefined>;

/** `args`: the positional arguments after the command's name (bundle files). */
type Command = (flags: Flags, t: Translate, args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  init: initCommand,
  check: checkCommand,
  'recover-wal': recoverWalCommand,
  backup: backupCommand,
  restore: restoreCommand,
  demo: demoCommand,
  alerts: alertsCommand,
  'raw-key': rawKeyCommand,
  keys: keysCommand,
  export: exportCommand,
  verify: verifyCommand,
  import: importCommand,
  bench: benchCommand,
  ledger: ledgerCommand,
};

const usage = `haven <command> [options]

  init     --db FILE --station-code CODE --station-name NAME --admin USER [--admin-name NAME]
           [--mode station|supervisor] [--password-stdin] [--json]
  check    --db FILE --user USER [--anchor ID:HASH]... [--against BACKUP]... [--password-stdin] [--json]
           (integrity, the audit chain, and anchors from an audit receipt or an older backup)
  recover-wal --db FILE --user ADMIN [--json]   (a WAL damaged part-way: keep copies, recover the frames before the damage)
  backup   --db FILE --user USER --out FILE   (checked encrypted copy + key file)
  restore  --db FILE --user ADMIN --from BACKUP   (the replaced files are kept as NAME-before-restore-TIME.db)
  demo     --db FILE --user USER --persons N [--seed S] [--at YYYY-MM-DD] [--append]
           [--password-stdin] [--json]   (synthetic persons, measures and records; N from 1 to 500000)
  alerts   --db FILE --user USER [--at YYYY-MM-DD] [--json]   (the worklist as of a day)
  raw-key  --db FILE   (recovery key on stdin; prints the master key as 64 hex digits)
  keys     --db FILE --user USER [--out DIR] [--json]   (minisign public key, age recipient, fingerprints)
  export   --db FILE --user USER --to AGE_RECIPIENT|FILE --out FILE.haven|DIR [--kind full|stats|transfer]
           [--person ID] [--confirm-fingerprint FP] [--recipient-name NAME] [--json]
  verify   FILE.haven --trust PUBKEY_FILE [--json]   (outer signature only, no decryption)
  import   --db FILE --user USER FILE.haven... [--confirm-fingerprint FP]... [--json]
           [--replace-station-key CODE:FP --reason TEXT [--restart-numbering]]   (admin: a registered station's new key)
           [--renumber-station CODE --reason TEXT]   (admin: a station restored from a backup numbers again)
  bench    [--persons N] [--seed S] [--json]   (temporary database of N demo persons, default 100000; timings)
  ledger import --db FILE --user USER --file X.xlsx [--sheet NAME] [--mapping FILE.json] [--dry-run]
           [--skip-invalid] [--confirm-updates] [--json]   (人员台账 from Excel; every bad row and column
           reported; changes to existing files are listed and applied only with --confirm-updates)
  ledger export --db FILE --user USER --out X.xlsx [--columns name,idNumber,…]
           [--full-id-numbers --reason TEXT (admin)] [--json]

Passwords: --password-stdin or HAVEN_PASSWORD. User: --user or HAVEN_USER.
Language: HAVEN_LANG=en for English messages (default zh-CN).`;

async function main(argv: string[]): Promise<number> {
  const t = cliTranslator(process.env.HAVEN_LANG ?? process.env.LANG);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: cliOptions });
  } catch (error) {
    process.stderr.write(`${argumentsMessage(error, t)}\n`);
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
    await command(parsed.values as Flags, t, parsed.positionals.slice(1));
    return 0;
  } catch (error) {
    process.stderr.write(`${describeError(error, t)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

// `haven bench` runs export and import in child processes and reads their peak memory here.
if (process.env.HAVEN_BENCH_RSS_FILE) {
  const rssFile = process.env.HAVEN_BENCH_RSS_FILE;
  process.on('exit', () => writeFileSync(rssFile, String(ownPeakRssKib())));
}

let settled = false;

/** Settles when the command is done (the installed app's `--cli` waits for it, then exits). */
export const finished = main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);

// Node ends a process whose event loop has nothing left, even with the command still awaiting
// (a thread it waits for that was told not to keep the process alive): never a silent success.
process.on('exit', () => {
  if (settled) return;
  process.stderr.write(`${cliTranslator(process.env.HAVEN_LANG ?? process.env.LANG)('cli.unfinished')}\n`);
  process.exitCode = 70;
});
