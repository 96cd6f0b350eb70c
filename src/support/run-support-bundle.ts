import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { create } from 'tar';
import { createOutput } from '../cli/output.ts';
import type { GlobalOptions } from '../cli/stack-options.ts';
import { checkEngine } from '../docker/engine.ts';
import { inspectProject } from '../docker/inspect-project.ts';
import { resolveSecretsDir } from '../secrets/secrets-dir.ts';
import { collectReport } from './collect-report.ts';
import { collectSecretValues, Redactor } from './redactor.ts';

// Writes a tar.gz a person can attach to a bug report: versions, the bundle, ps, inspect,
// events, log tails, health and doctor, with every secret value redacted first.
export async function runSupportBundle(
  flags: { project: string; out?: string },
  global: GlobalOptions,
): Promise<void> {
  const output = createOutput(global);
  await checkEngine();
  const stamp = new Date().toISOString().replaceAll(/[:.]/g, '-');
  const out = resolve(flags.out ?? `identity-support-${flags.project}-${stamp}.tar.gz`);

  output.progress(`collecting a support bundle for project "${flags.project}"`);
  const containers = await inspectProject(flags.project, []);
  const secretDirs = [
    resolveSecretsDir(),
    ...containers.flatMap((c) => Object.values(c.secretSources).map((source) => dirname(source))),
  ];
  const redactor = new Redactor(await collectSecretValues(secretDirs));
  const files = await collectReport(flags.project);

  const staging = await mkdtemp(join(tmpdir(), 'identity-support-'));
  const folder = `identity-support-${flags.project}`;
  try {
    await writeFile(
      join(staging, 'README.txt'),
      `support bundle of project ${flags.project}, ${new Date().toISOString()}\nsecret values are replaced by [redacted:<file>]\n`,
    );
    for (const file of files) await writeFile(join(staging, file.name), redactor.redact(file.text));
    await create({ gzip: true, file: out, cwd: staging, prefix: folder, portable: true }, [
      'README.txt',
      ...files.map((f) => f.name),
    ]);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  output.result(
    { file: out, files: files.length, redactedValues: redactor.size },
    () => `wrote ${out} (${files.length} files, secret values redacted)`,
  );
}
