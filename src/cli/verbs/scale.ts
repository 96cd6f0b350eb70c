import { type Command, Option } from 'commander';
import { addProjectOption, globalOptions, parseSeconds } from '../stack-options.ts';

export function registerScale(program: Command): void {
  const command = program
    .command('scale')
    .description('change replica counts of a running stack and wait until every replica serves')
    .argument('<spec>', 'AxIxRxS (authz x idp x rs x spa), or authz=3,rs=2 (others unchanged)');
  addProjectOption(command);
  command
    .addOption(
      new Option('--timeout <seconds>', 'how long to wait for the new replicas')
        .default(300)
        .argParser(parseSeconds),
    )
    .action(async (spec: string, flags: { project: string; timeout: number }, cmd: Command) => {
      const { runScale } = await import('../../start/run-scale.ts');
      await runScale(spec, flags, globalOptions(cmd));
    });
}
