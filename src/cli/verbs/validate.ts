import { basename, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { plural } from '../plural.ts';
import { ExitCode } from '../exit-codes.ts';
import { createOutput, type Output } from '../output.ts';

interface ValidateFlags {
  file: string[];
  profile?: string;
  scale?: string;
  strict: boolean;
  docker: boolean;
}

const profileChoices = ['demo', 'dev', 'ci', 'prod'];

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      "check bundles and your override files against the schema, Compose and the product's rules",
    )
    .option(
      '-f, --file <path>',
      'an override merged over the profile bundle (repeatable, in order)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addOption(
      new Option(
        '--profile <name>',
        'bundle to check (default: every profile, or demo with -f)',
      ).choices(profileChoices),
    )
    .option('--scale <spec>', 'replicas to check against, AxIxRxS or name=N[,name=N]')
    .option('--strict', 'fail on warnings too', false)
    .option('--no-docker', 'skip docker compose config')
    .action(async (flags: ValidateFlags, command: Command) => {
      const output = createOutput({ json: command.optsWithGlobals()['json'] === true });
      await runValidate(flags, output);
    });
}

function profileOfFile(file: string): string | undefined {
  const match = /^identity-(demo|dev|ci|prod)\.ya?ml$/.exec(basename(file));
  return match?.[1];
}

async function runValidate(flags: ValidateFlags, output: Output): Promise<void> {
  const { bundlePath } = await import('../../paths.ts');
  const { validateFiles } = await import('../../validate/validate-files.ts');
  const { formatReports } = await import('../../validate/format-report.ts');
  const { ModelError, toCliError } = await import('../../model/model-error.ts');
  const { parseScaleSpec } = await import('../../model/scale-spec.ts');
  const { profiles } = await import('../../model/profiles.ts');

  const overrides = flags.file.map((file) => resolve(file));
  const named = overrides.map(profileOfFile).find((p) => p !== undefined);
  const selected = flags.profile ?? named;
  const targets =
    selected !== undefined ? [selected] : overrides.length > 0 ? ['demo'] : profileChoices;

  const reports: Awaited<ReturnType<typeof validateFiles>>[] = [];
  for (const profile of targets) {
    const base = resolve(bundlePath(profile));
    const files = [base, ...overrides.filter((file) => file !== base)];
    let scale: Record<string, number> | undefined;
    try {
      const defaults = profiles[profile as keyof typeof profiles].defaultScale;
      scale = flags.scale === undefined ? undefined : parseScaleSpec(flags.scale, defaults);
    } catch (error) {
      throw error instanceof ModelError ? toCliError(error) : error;
    }
    output.progress(`validating ${files.map((f) => basename(f)).join(' + ')}`);
    reports.push(await validateFiles({ files, profile, scale, useDocker: flags.docker }));
  }

  const errors = reports.flatMap((r) => r.findings).filter((f) => f.severity === 'error').length;
  const warnings = reports.flatMap((r) => r.findings).length - errors;
  output.result({ reports, errors, warnings }, () => formatReports(reports, output.color));
  if (errors > 0 || (flags.strict && warnings > 0)) {
    output.progress(
      `validation failed: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}` +
        (flags.strict && errors === 0 ? ' (--strict)' : ''),
    );
    process.exitCode = ExitCode.invalidBundle;
  }
}
