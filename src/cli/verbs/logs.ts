import type { Command } from 'commander';
import { addProjectOption } from '../stack-options.ts';

export function registerLogs(program: Command): void {
  const command = program
    .command('logs')
    .description("show the services' logs (JSON lines from our services)")
    .argument('[services...]', 'services to show (default: all)');
  addProjectOption(command);
  command
    .option('-f, --follow', 'keep following new lines', false)
    .option('--tail <lines>', 'lines from the end of each log', 'all')
    .option('--since <time>', 'only lines since a time or duration (e.g. 10m)')
    .action(
      async (
        services: string[],
        flags: { project: string; follow: boolean; tail: string; since?: string },
      ) => {
        const { runLogs } = await import('../../stack/run-logs.ts');
        await runLogs(services, flags);
      },
    );
}
