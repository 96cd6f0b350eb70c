import type { Command } from 'commander';
import { addProfileOption, addProjectOption, globalOptions } from '../stack-options.ts';
import type { DoctorFlags } from '../../doctor/run-doctor.ts';

export function registerDoctor(program: Command): void {
  const command = program
    .command('doctor')
    .description('find what would stop the stack, before start or after a failed one');
  addProfileOption(command);
  addProjectOption(command);
  command
    .option('-f, --file <override...>', 'override files layered over the bundle', [])
    .action(async (flags: DoctorFlags, cmd: Command) => {
      const { runDoctor } = await import('../../doctor/run-doctor.ts');
      await runDoctor(flags, globalOptions(cmd));
    });
}
