import type { Command } from 'commander';
import { CliError, usageError } from '../cli-error.ts';
import { createOutput, type Output } from '../output.ts';

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

  secrets
    .command('rotate')
    .description('replace a secret in place, keeping previous signing and cookie keys')
    .argument('<name>', 'jwks, cookie_keys, proxy_tls, demo_client_secret or probe_client_secret')
    .action(
      withSecrets(async (s, output, name: string) => {
        const result = await s.rotateSecret({ dir: s.resolveSecretsDir(), name });
        output.result(result, () =>
          [
            `rotated ${result.name}: added ${result.added.join(', ')}`,
            `  kept ${result.kept} previous, dropped ${result.dropped.length}`,
            `  files: ${result.files.join(', ')}`,
          ].join('\n'),
        );
        output.warn(result.takesEffect);
      }),
    );
}

// Loads the secrets domain, builds the output, and turns its errors into CLI errors.
function withSecrets<A>(
  run: (s: Secrets, output: Output, arg: A) => Promise<void>,
): (arg: A, ...rest: unknown[]) => Promise<void> {
  return async (arg: A, ...rest: unknown[]) => {
    const command = rest.at(-1) as Command;
    const output = createOutput({ json: command.optsWithGlobals()['json'] === true });
    const s = await import('../../secrets/index.ts');
    try {
      await run(s, output, arg);
    } catch (error) {
      if (!(error instanceof s.SecretsError)) throw error;
      if (error.code === 'unknown-secret') throw usageError(error.message, error.hint);
      throw new CliError('secrets', error.message, { hint: error.hint, cause: error });
    }
  };
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
