import { type Command, Option } from 'commander';
import { addProjectOption, globalOptions, parseSeconds } from '../stack-options.ts';

export function registerHealth(program: Command): void {
  const command = program
    .command('health')
    .description('check every replica and the protocol through the proxy; exit 5 when unhealthy')
    .argument('[services...]', 'limit the per-replica checks to these services');
  addProjectOption(command);
  command.addOption(
    new Option('--watch [seconds]', 'check again every interval until interrupted')
      .preset(10)
      .argParser(parseSeconds),
  );
  command.action(
    async (services: string[], flags: { project: string; watch?: number }, cmd: Command) => {
      const { runHealth } = await import('../../health/run-health.ts');
      await runHealth(services, flags, globalOptions(cmd));
    },
  );
}
