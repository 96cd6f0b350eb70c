import type { Command } from 'commander';
import { addProjectOption, globalOptions } from '../stack-options.ts';

export function registerStatus(program: Command): void {
  const command = program
    .command('status')
    .description('services, replicas, state, health and published URLs of a running stack');
  addProjectOption(command);
  command.action(async (flags: { project: string }, cmd: Command) => {
    const { runStatus } = await import('../../stack/run-status.ts');
    await runStatus(flags, globalOptions(cmd));
  });
}
