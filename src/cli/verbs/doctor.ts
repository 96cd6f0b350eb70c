import { type Command, Option } from 'commander';
import { addProjectOption, globalOptions } from '../stack-options.ts';
import { parseProfile } from '../../stack/profiles.ts';
import type { DoctorFlags } from '../../doctor/run-doctor.ts';

export function registerDoctor(program: Command): void {
  const command = program
    .command('doctor')
    .description('find what would stop the stack, before start or after a failed one');
  // No default profile here: a started project's own profile is used unless one is named.
  command.addOption(
    new Option('--profile <profile>', "demo, dev, ci or prod (default: the project's, else demo)")
      .env('IDENTITY_PROFILE')
      .argParser(parseProfile),
  );
  addProjectOption(command);
  command
    .option('-f, --file <override...>', 'override files layered over the bundle', [])
    .action(async (flags: DoctorFlags, cmd: Command) => {
      const { runDoctor } = await import('../../doctor/run-doctor.ts');
      await runDoctor(flags, globalOptions(cmd));
    });
}
