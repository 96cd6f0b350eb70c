import { type Command, Option } from 'commander';
import {
  addProfileOption,
  addProjectOption,
  globalOptions,
  parseSeconds,
} from '../stack-options.ts';
import type { StartFlags } from '../../start/run-start.ts';

export function registerStart(program: Command): void {
  const command = program
    .command('start')
    .description('start the stack and wait until it really works, then print its URLs');
  addProfileOption(command);
  addProjectOption(command);
  command
    .option('--scale <spec>', 'replicas: AxIxRxS (authz x idp x rs x spa) or authz=3,rs=2')
    .option('--observability', 'also start the OpenTelemetry collector and Grafana', false)
    .addOption(
      new Option('--timeout <seconds>', 'how long to wait for the stack')
        .default(300)
        .argParser(parseSeconds),
    )
    .option('-f, --file <override...>', 'override files layered over the bundle', [])
    .addOption(
      new Option('--progress <mode>', 'progress on stderr')
        .choices(['auto', 'plain', 'json', 'quiet'])
        .default('auto'),
    )
    .option('--keep-on-failure', 'keep what a failed start created, for debugging', false)
    .action(async (flags: StartFlags, cmd: Command) => {
      const { runStart } = await import('../../start/run-start.ts');
      await runStart(flags, globalOptions(cmd));
    });
}
