import type { Command } from 'commander';
import { addProjectOption, globalOptions } from '../stack-options.ts';

export function registerStop(program: Command): void {
  const command = program
    .command('stop')
    .description("remove the stack's containers and networks; data is kept unless --volumes");
  addProjectOption(command);
  command
    .option('--volumes', 'also remove the data volumes (the database)', false)
    .action(async (flags: { project: string; volumes: boolean }, cmd: Command) => {
      const { runStop } = await import('../../stack/run-stop.ts');
      await runStop(flags, globalOptions(cmd));
    });
}
