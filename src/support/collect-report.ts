import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { repoRoot, bundlePath } from '../paths.ts';
import { runCompose, runDocker } from '../docker/run-docker.ts';
import { loadState } from '../stack/project-state.ts';
import { version } from '../version.ts';

export interface ReportFile {
  name: string;
  text: string;
}

async function capture(command: string, args: string[]): Promise<string> {
  const result = await execa(command, args, { reject: false, all: true, timeout: 120_000 });
  return `$ ${command} ${args.join(' ')}\n(exit ${result.exitCode})\n${String(result.all ?? '')}\n`;
}

// Everything a support bundle holds, as text files, before redaction.
export async function collectReport(project: string): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  const cli = `${repoRoot}/bin/identity`;
  const state = await loadState(project);
  const profile = state?.profile ?? 'demo';

  files.push({
    name: 'versions.txt',
    text: [
      `identity ${version}`,
      `node ${process.version}`,
      await capture('docker', ['version']),
      await capture('docker', ['compose', 'version']),
      await capture('uname', ['-a']),
    ].join('\n'),
  });
  files.push({
    name: 'state.json',
    text: JSON.stringify(state ?? { project, state: 'unknown' }, null, 2),
  });
  files.push({
    name: `identity-${profile}.yml`,
    text: await readFile(bundlePath(profile), 'utf8'),
  });
  for (const [i, file] of (state?.files ?? []).entries()) {
    files.push({ name: `override-${i + 1}.yml`, text: await readFile(file, 'utf8').catch(String) });
  }

  const ps = await runCompose(project, [], ['ps', '--all'], { reject: false });
  files.push({ name: 'ps.txt', text: `${ps.stdout}${ps.stderr}` });
  const ids = await runDocker(
    ['ps', '--all', '--quiet', '--filter', `label=com.docker.compose.project=${project}`],
    { reject: false },
  );
  const idList = ids.stdout.split('\n').filter((id) => id !== '');
  if (idList.length > 0) {
    const inspect = await runDocker(['inspect', ...idList], { reject: false });
    files.push({ name: 'inspect.json', text: inspect.stdout });
  }
  const events = await runDocker(
    [
      'events',
      '--since',
      '30m',
      '--until',
      '0s',
      '--filter',
      `label=com.docker.compose.project=${project}`,
    ],
    { reject: false, timeoutMs: 20_000 },
  );
  files.push({ name: 'events.txt', text: events.stdout });
  const logs = await runCompose(
    project,
    [],
    ['logs', '--no-color', '--timestamps', '--tail', '500'],
    { reject: false },
  );
  files.push({ name: 'logs.txt', text: `${logs.stdout}${logs.stderr}` });

  files.push({
    name: 'health.json',
    text: await capture(cli, ['health', '--json', '-p', project]),
  });
  files.push({
    name: 'doctor.json',
    text: await capture(cli, ['doctor', '--json', '-p', project, '--profile', profile]),
  });
  return files;
}
