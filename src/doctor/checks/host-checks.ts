import { statfs } from 'node:fs/promises';
import { freemem } from 'node:os';
import { checkEngine } from '../../docker/engine.ts';
import { runDocker } from '../../docker/run-docker.ts';
import { repoRoot } from '../../paths.ts';
import { type Finding, finding } from '../finding.ts';

const minFreeDiskBytes = 5 * 1024 ** 3;
const minFreeMemoryBytes = 1 * 1024 ** 3;
const maxClockSkewMs = 5_000;

// The host under the stack: a reachable, new-enough engine with Compose v2, room on disk and in
// memory, and a clock that agrees with the engine's (tokens carry times; skew breaks them).
export async function checkHost(): Promise<{ findings: Finding[]; facts: Record<string, string> }> {
  const findings: Finding[] = [];
  const facts: Record<string, string> = {};
  try {
    const engine = await checkEngine();
    facts['engine'] = engine.engineVersion;
    facts['compose'] = engine.composeVersion;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = (error as { hint?: string }).hint ?? 'install Docker Engine 25+';
    findings.push(finding('error', 'docker-engine', 'docker', message, hint, 'docker-not-running'));
    return { findings, facts };
  }

  const disk = await statfs(repoRoot);
  const freeDisk = disk.bavail * disk.bsize;
  facts['disk free'] = `${(freeDisk / 1024 ** 3).toFixed(1)} GiB`;
  if (freeDisk < minFreeDiskBytes) {
    findings.push(
      finding(
        'warning',
        'disk-space',
        repoRoot,
        `only ${facts['disk free']} free`,
        'free at least 5 GiB (docker system prune)',
        'disk-and-memory',
      ),
    );
  }
  facts['memory free'] = `${(freemem() / 1024 ** 3).toFixed(1)} GiB`;
  if (freemem() < minFreeMemoryBytes) {
    findings.push(
      finding(
        'warning',
        'memory',
        'host',
        `only ${facts['memory free']} of memory free`,
        'stop other workloads or scale down',
        'disk-and-memory',
      ),
    );
  }

  const info = await runDocker(['info', '--format', '{{.SystemTime}}'], { reject: false });
  const engineTime = Date.parse(info.stdout.trim());
  if (Number.isFinite(engineTime)) {
    const skewMs = Math.abs(engineTime - Date.now());
    facts['clock skew'] = `${skewMs} ms`;
    if (skewMs > maxClockSkewMs) {
      findings.push(
        finding(
          'error',
          'clock-skew',
          'host',
          `the engine's clock is ${Math.round(skewMs / 1000)}s away from the host's`,
          'sync the clocks (timedatectl set-ntp true)',
          'clock-skew',
        ),
      );
    }
  }
  return { findings, facts };
}
