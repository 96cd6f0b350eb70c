import { relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { CliError, usageError } from '../cli-error.ts';
import { createOutput, type Output } from '../output.ts';

interface RenderFlags {
  profile?: string;
  scale?: string;
  observability: boolean;
  out?: string;
  check: boolean;
}

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('render the Compose bundles and their config files from the stack model')
    .addOption(
      new Option('--profile <name>', 'profile to render (default: every profile)').choices([
        'demo',
        'dev',
        'ci',
        'prod',
      ]),
    )
    .option('--scale <spec>', "replicas, AxIxRxS or name=N[,name=N] (default: the profile's)")
    .option('--observability', 'render the observability services always on', false)
    .option('--out <dir>', 'folder to write into (default: deployments/compose)')
    .option(
      '--check',
      'compare with the files in the folder instead of writing; exit 7 on drift',
      false,
    )
    .action(async (flags: RenderFlags, command: Command) => {
      const output = createOutput({ json: command.optsWithGlobals()['json'] === true });
      await runRender(flags, output);
    });
}

async function runRender(flags: RenderFlags, output: Output): Promise<void> {
  const { bundleDir } = await import('../../paths.ts');
  const { ModelError, toCliError } = await import('../../model/model-error.ts');
  const { renderForFlags } = await import('../../render/render-selection.ts');

  const customised = flags.scale !== undefined || flags.observability;
  if (customised && flags.out === undefined && !flags.check) {
    throw usageError(
      '--scale and --observability change the bundle, and the committed bundles keep the defaults',
      'pass --out DIR to write the customised bundle elsewhere',
    );
  }
  const dir = resolve(flags.out ?? bundleDir);

  let files;
  try {
    files = renderForFlags(flags);
  } catch (error) {
    throw error instanceof ModelError ? toCliError(error) : error;
  }

  if (flags.check) return checkDrift(files, dir, output);
  const { writeBundle } = await import('../../render/write-bundle.ts');
  const written = await writeBundle(files, dir);
  const shown = displayPath(dir);
  output.result(
    {
      dir: shown,
      files: files.map((file) => ({ path: file.path, written: written.includes(file.path) })),
    },
    () =>
      files
        .map(
          (file) =>
            `${written.includes(file.path) ? 'wrote     ' : 'unchanged '} ${shown}/${file.path}`,
        )
        .join('\n'),
  );
}

async function checkDrift(
  files: { path: string; content: string }[],
  dir: string,
  output: Output,
): Promise<void> {
  const { findDrift } = await import('../../render/bundle-drift.ts');
  const drift = await findDrift(files, dir);
  const shown = displayPath(dir);
  if (drift.length === 0) {
    output.result(
      { dir: shown, drift: [] },
      () => `${files.length} files in ${shown} match the model`,
    );
    return;
  }
  if (!output.json) process.stdout.write(drift.map((entry) => entry.diff).join(''));
  throw new CliError(
    'invalidBundle',
    `${drift.length} of ${files.length} rendered files differ from ${shown}`,
    {
      details: drift.map((entry) => `${entry.state}: ${entry.path}`),
      hint: 'run `identity render` and commit the result; never edit bundles by hand',
    },
  );
}

function displayPath(dir: string): string {
  const shown = relative(process.cwd(), dir);
  return shown === '' ? '.' : shown.startsWith('..') ? dir : shown;
}
