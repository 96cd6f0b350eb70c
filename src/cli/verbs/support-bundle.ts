import type { Command } from 'commander';
import { addProjectOption, globalOptions } from '../stack-options.ts';

export function registerSupportBundle(program: Command): void {
  const command = program
    .command('support-bundle')
    .description(
      'write a tar.gz for a bug report: versions, bundle, ps, inspect, events, logs, health, doctor; secrets redacted',
    );
  addProjectOption(command);
  command
    .option('--out <file>', 'where to write it (default: identity-support-<project>-<time>.tar.gz)')
    .action(async (flags: { project: string; out?: string }, cmd: Command) => {
      const { runSupportBundle } = await import('../../support/run-support-bundle.ts');
      await runSupportBundle(flags, globalOptions(cmd));
    });
}
