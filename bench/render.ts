// Benchmark: rendering every profile at scale 1 and 50, and `identity --help` cold start, side
// by side with `docker compose config` on the same file in the same run. Prints medians and
// ratios. Run: node bench/render.ts [runs]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { profileNames } from '../src/model/profiles.ts';
import { bundleDir, repoRoot } from '../src/paths.ts';
import { renderBundle } from '../src/render/render-bundle.ts';

const runs = Number(process.argv[2] ?? 5);
const identity = join(repoRoot, 'bin', 'identity');
const scratch = mkdtempSync(join(tmpdir(), 'identity-bench-'));

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeMs(action: () => void, times = runs): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    action();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function run(command: string, args: string[]): () => void {
  return () => {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  };
}

const dockerPresent = spawnSync('docker', ['compose', 'version']).status === 0;

function composeConfig(file: string): number | undefined {
  return dockerPresent
    ? timeMs(run('docker', ['compose', '-f', file, 'config', '--quiet']))
    : undefined;
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

function ratio(a: number, b: number | undefined): string {
  return b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`;
}

const rows: string[][] = [];
for (const profile of profileNames) {
  for (const count of [1, 50]) {
    const scale = { authz: count, idp: count, rs: count, spa: count };
    const spec = `${count}x${count}x${count}x${count}`;
    const out = join(scratch, `${profile}-${count}`);
    // Compose resolves the config files the bundle references, as in the committed folder.
    cpSync(join(bundleDir, 'config'), join(out, 'config'), { recursive: true });
    const inProcess = timeMs(() => renderBundle({ profile, scale }), runs * 20);
    const cli = timeMs(
      run(identity, ['render', '--profile', profile, '--scale', spec, '--out', out]),
    );
    const compose = composeConfig(join(out, `identity-${profile}.yml`));
    rows.push([`${profile} ${spec}`, fmt(inProcess), fmt(cli), fmt(compose), ratio(cli, compose)]);
  }
}

const help = timeMs(run(identity, ['--help']));
const composeHelp = dockerPresent ? timeMs(run('docker', ['compose', '--help'])) : undefined;
const demoConfig = composeConfig(join(bundleDir, 'identity-demo.yml'));
rows.push(['identity --help (cold)', '', fmt(help), fmt(demoConfig), ratio(help, demoConfig)]);
rows.push([
  '  vs docker compose --help',
  '',
  fmt(help),
  fmt(composeHelp),
  ratio(help, composeHelp),
]);

const header = [
  'case',
  'render in-process',
  'identity (process)',
  'docker compose config',
  'ratio',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => c.padEnd(widths[i]!))
    .join('  ')
    .trimEnd();
console.log(`median of ${runs} runs (in-process: ${runs * 20}); node ${process.version}`);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log('ratio = identity process time / docker compose time on the same file, same run');
rmSync(scratch, { recursive: true, force: true });
