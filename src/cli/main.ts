import { Command, CommanderError, Option } from 'commander';
import { CliError } from './cli-error.ts';
import { ExitCode } from './exit-codes.ts';
import { createOutput } from './output.ts';
import { version } from '../version.ts';
import { verbs } from './verbs/index.ts';

// Entry point of the identity CLI. Verbs live one per file under verbs/; each loads its heavy
// modules inside its action so that `identity --help` stays fast.
function buildProgram(): Command {
  const program = new Command('identity')
    .description('Run a complete OAuth 2.1 / OpenID Connect stack on Docker Compose')
    .version(version, '-v, --version')
    .addOption(new Option('--json', 'print results as JSON on stdout').default(false))
    .addOption(new Option('--debug [areas]', 'debug output for areas, e.g. docker,health (all: *)'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      writeOut: (text) => process.stdout.write(text),
    });

  program.hook('preAction', (root) => {
    const debugAreas = root.opts()['debug'] as string | boolean | undefined;
    if (debugAreas !== undefined && debugAreas !== false) {
      const areas = debugAreas === true ? '*' : debugAreas;
      process.env['DEBUG'] = areas
        .split(',')
        .map((area) => (area.startsWith('identity:') ? area : `identity:${area}`))
        .join(',');
    }
  });

  for (const register of verbs) register(program);
  return program;
}

function wantsJson(argv: string[]): boolean {
  return argv.includes('--json');
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit through here with code 0; everything else is a usage error.
      if (error.exitCode === 0) return ExitCode.ok;
      // Commander has told the person on stderr; a program asking for JSON reads stdout.
      if (wantsJson(argv)) {
        // Commander shows the help for a missing verb and says only "(outputHelp)".
        const message =
          error.code === 'commander.help'
            ? 'a verb is needed, e.g. identity start'
            : error.message.replace(/^error: /, '');
        const body = { code: 'usage', exitCode: ExitCode.usage, message, details: [] };
        process.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`);
      }
      return ExitCode.usage;
    }
    const output = createOutput({ json: wantsJson(argv) });
    if (error instanceof CliError) {
      output.failure(error);
      return error.exitCode;
    }
    const wrapped = new CliError('unexpected', `unexpected failure: ${describe(error)}`, {
      cause: error,
      hint: 'run again with --debug to see more, and report it with `identity support-bundle`',
    });
    output.failure(wrapped);
    if (process.env['DEBUG'] !== undefined && error instanceof Error) {
      process.stderr.write(`${error.stack ?? ''}\n`);
    }
    return wrapped.exitCode;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(ExitCode.interrupted);
  interrupted = true;
  process.stderr.write('\ninterrupted: cleaning up (press Ctrl-C again to quit now)\n');
  process.exitCode = ExitCode.interrupted;
  process.emit('identity:interrupt' as 'SIGINT');
});

process.exitCode = await main(process.argv.slice(2));
