import type { Command } from 'commander';
import { addProjectOption, globalOptions } from '../stack-options.ts';

export function registerSmoke(program: Command): void {
  const command = program
    .command('smoke')
    .description('walk a user through the running stack: tokens, API, login, refresh, logout');
  addProjectOption(command);
  command
    .option('--user <name>', 'log in as this user (default: the demo user in the demo profile)')
    .option('--password-file <file>', "file holding that user's password")
    .action(
      async (flags: { project: string; user?: string; passwordFile?: string }, cmd: Command) => {
        const { runSmoke } = await import('../../smoke/run-smoke.ts');
        await runSmoke(flags, globalOptions(cmd));
      },
    );
}
