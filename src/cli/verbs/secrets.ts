import type { Command } from 'commander';
import { CliError, usageError } from '../cli-error.ts';
import { createOutput, type Output } from '../output.ts';
import { addProjectOption, parseSeconds } from '../stack-options.ts';

// `identity secrets init | list | check | rotate`: the secret files the bundles mount. The
// secrets domain loads inside each action, so `identity --help` does not load jose or forge.
// Nothing here prints a value: only names, files, modes, owners, ages and fingerprints.
type Secrets = typeof import('../../secrets/index.ts');
type ProfileName = import('../../secrets/index.ts').ProfileName;
type Problem = import('../../secrets/index.ts').Problem;

export function registerSecrets(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('generate, list, check and rotate the secret files the bundles mount');

  secrets
    .command('init')
    .description('generate the secrets a profile needs; never overwrites a file')
    .option('--profile <name>', 'demo, dev, ci or prod', 'demo')
    .action(
      withSecrets(async (s, output, options: { profile: string }) => {
        const profile = parseProfile(s, options.profile);
        const dir = s.resolveSecretsDir();
        const result = await s.initSecrets({ dir, profile, onProgress: output.progress });
        const report = await s.checkSecrets({ dir, profile });
        const rows = [
          ...result.created.map((name) => ({ name, outcome: 'created' })),
          ...result.kept.map((name) => ({ name, outcome: 'kept' })),
        ];
        respond(
          s,
          output,
          { ...result, dir: s.displayPath(dir), problems: s.allProblems(report) },
          () => output.table(rows, ['name', 'outcome']),
        );
      }),
    );

  secrets
    .command('list')
    .description('name, file, mode, owner, age and fingerprint of each secret; never a value')
    .option('--profile <name>', 'also list what this profile needs and is missing')
    .action(
      withSecrets(async (s, output, options: { profile?: string }) => {
        const profile =
          options.profile === undefined ? undefined : parseProfile(s, options.profile);
        const dir = s.resolveSecretsDir();
        const secrets = await s.listSecrets({ dir, profile });
        if (secrets.length === 0 && !output.json) {
          output.warn(`no secrets in ${s.displayPath(dir)}; run \`identity secrets init\``);
        }
        output.result({ dir: s.displayPath(dir), secrets }, () =>
          output.table(
            secrets.map((secret) => ({
              ...secret,
              mode: secret.mode ?? 'missing',
              age: secret.ageSeconds === undefined ? '' : s.formatAge(secret.ageSeconds),
            })),
            ['name', 'file', 'mode', 'owner', 'age', 'fingerprint'],
          ),
        );
      }),
    );

  secrets
    .command('check')
    .description('presence, permissions and format of the secrets; exit 6 with the fix')
    .option('--profile <name>', 'demo, dev, ci or prod', 'demo')
    .action(
      withSecrets(async (s, output, options: { profile: string }) => {
        const profile = parseProfile(s, options.profile);
        const report = await s.checkSecrets({ dir: s.resolveSecretsDir(), profile });
        const data = {
          profile,
          dir: s.displayPath(report.dir),
          ok: report.ok,
          secrets: report.secrets,
        };
        respond(s, output, { ...data, problems: s.allProblems(report) }, () =>
          output.table(
            report.secrets.map((secret) => ({
              ...secret,
              status: statusText(output, secret.status),
            })),
            ['name', 'file', 'status'],
          ),
        );
      }),
    );

  addProjectOption(
    secrets
      .command('rotate')
      .description(
        'replace a secret; on a running stack also restart its readers one replica at a time',
      )
      .argument(
        '<name>',
        'jwks, cookie_keys, db_app_password, postgres_password, proxy_tls, demo_client_secret ' +
          'or probe_client_secret',
      ),
  )
    .option(
      '--timeout <seconds>',
      'how long each replica may take to be ready again',
      parseSeconds,
      120,
    )
    .action(
      withSecrets(async (s, output, name: string, options: RotateFlags, command: Command) => {
        const secret = s.checkSecretName(name);
        const target = await s.chooseRotationTarget({
          name: secret,
          project: options.project,
          explicitProject: command.getOptionValueSource('project') !== 'default',
        });
        if (target.kind === 'files') {
          const result = await s.rotateSecret({ dir: target.dir, name: secret });
          output.result(result, () => describeRotation(result).join('\n'));
          output.warn(result.takesEffect);
          return;
        }

        output.progress(
          `rotating ${secret} on project "${options.project}" ` +
            `(secrets in ${s.displayPath(target.dir)})`,
        );
        const result = await s.rotateLive({
          live: target.live,
          dir: target.dir,
          name: secret,
          timeoutMs: options.timeout * 1000,
          events: { progress: (line) => output.progress(`  ${line}`) },
        });
        output.result(result, () =>
          [
            ...describeRotation(result),
            `  restarted: ${describeSteps(result.steps)}`,
            `  ${result.takesEffect} (${(result.elapsedMs / 1000).toFixed(1)} s)`,
          ].join('\n'),
        );
      }),
    );
}

interface RotateFlags {
  project: string;
  timeout: number;
}

type RotateResult = import('../../secrets/index.ts').RotateResult;
type LiveRotateResult = import('../../secrets/index.ts').LiveRotateResult;

function describeRotation(result: RotateResult): string[] {
  return [
    `rotated ${result.name}: added ${result.added.join(', ')}`,
    `  kept ${result.kept} previous, dropped ${result.dropped.length}`,
    `  files: ${result.files.join(', ')}`,
  ];
}

function describeSteps(steps: LiveRotateResult['steps']): string {
  const restarted = steps.filter((step) => step.action === 'restarted');
  if (restarted.length === 0) return 'nothing';
  return restarted.map((step) => step.replica).join(', ');
}

// Loads the secrets domain, builds the output, and turns its errors into CLI errors.
function withSecrets<A, O = unknown>(
  run: (s: Secrets, output: Output, arg: A, options: O, command: Command) => Promise<void>,
): (arg: A, ...rest: unknown[]) => Promise<void> {
  return async (arg: A, ...rest: unknown[]) => {
    const command = rest.at(-1) as Command;
    const output = createOutput({ json: command.optsWithGlobals()['json'] === true });
    const s = await import('../../secrets/index.ts');
    try {
      await run(s, output, arg, command.opts() as O, command);
    } catch (error) {
      if (!(error instanceof s.SecretsError)) throw error;
      throw toCliError(error);
    }
  };
}

type SecretsErrorType = import('../../secrets/index.ts').SecretsError;

// Secrets errors by what the user does next: fix the command, fix the stack, or fix the files.
function toCliError(error: SecretsErrorType): CliError {
  if (error.code === 'unknown-secret' || error.code === 'folder-mismatch') {
    return usageError(error.message, error.hint);
  }
  if (error.code === 'interrupted') {
    return new CliError('interrupted', error.message, { hint: error.hint, cause: error });
  }
  const stackProblem = ['not-running', 'roll-failed', 'database-failed'].includes(error.code);
  return new CliError(stackProblem ? 'notReady' : 'secrets', error.message, {
    hint: error.hint,
    details: error.details,
    cause: error,
  });
}

function parseProfile(s: Secrets, value: string): ProfileName {
  const known: readonly string[] = s.profileNames;
  if (known.includes(value)) return value as ProfileName;
  throw usageError(`unknown profile "${value}", expected one of ${known.join(', ')}`);
}

// Prints the result; when it carries problems, exits 6 naming each file, problem and fix. With
// --json the one JSON document on stdout carries the error too.
function respond(
  s: Secrets,
  output: Output,
  data: { problems: Problem[] } & Record<string, unknown>,
  human: () => string,
): void {
  const count = data.problems.length;
  const message = `${count} ${count === 1 ? 'problem' : 'problems'} with the secrets`;
  if (count > 0 && output.json) {
    output.result({ ...data, error: { code: 'secrets', exitCode: 6, message } }, human);
    process.exitCode = 6;
    return;
  }
  output.result(data, human);
  if (count > 0) {
    throw new CliError('secrets', message, {
      details: data.problems.map(s.formatProblem),
      hint: 'each line ends with its fix; see docs/secrets.md for the scheme',
    });
  }
}

function statusText(output: Output, status: string): string {
  return status === 'ok' ? output.color.ok(status) : output.color.bad(status);
}
