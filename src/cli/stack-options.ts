import { type Command, InvalidArgumentError, Option } from 'commander';
import { defaultProject, parseProfile, parseProject, type Profile } from '../stack/profiles.ts';

// Options that name a stack, shared by the verbs that act on one.
export function addProjectOption(command: Command): Command {
  return command.addOption(
    new Option('-p, --project <name>', 'Compose project name')
      .env('IDENTITY_PROJECT')
      .default(defaultProject)
      .argParser(parseProject),
  );
}

export function addProfileOption(command: Command, fallback: Profile = 'demo'): Command {
  return command.addOption(
    new Option('--profile <profile>', 'demo, dev, ci or prod')
      .env('IDENTITY_PROFILE')
      .default(fallback)
      .argParser(parseProfile),
  );
}

export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive number of seconds`);
  }
  return seconds;
}

export interface GlobalOptions {
  json: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return { json: command.optsWithGlobals()['json'] === true };
}
