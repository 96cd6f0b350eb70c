import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDocker } from '../../docker/run-docker.ts';
import { certificates } from '../pem.ts';
import { SecretsError } from '../secrets-error.ts';
import { type LiveStack, runningReplicas } from './live-stack.ts';

// HAProxy runs in master-worker mode as the container's main process in both the upstream image
// and the offline stand-in: SIGUSR2 makes the master start new workers, which read the
// certificate file again, while the old workers finish their connections. No request is refused.
export async function reloadProxy(
  live: LiveStack,
  tlsFile: string,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  const proxies = await runningReplicas(live, 'proxy');
  for (const proxy of proxies) {
    await runDocker(['kill', '--signal', 'USR2', proxy.id]);
  }
  if (!live.target.issuer.startsWith('https:')) return Date.now() - started;

  const [leaf] = certificates(await readFile(tlsFile, 'utf8'));
  const expected = new X509Certificate(leaf!).fingerprint256;
  const url = new URL(live.target.issuer);
  for (;;) {
    const served = await servedFingerprint(url.hostname, Number(url.port || 443));
    if (served === expected) return Date.now() - started;
    if (Date.now() - started > timeoutMs) {
      throw new SecretsError(
        'roll-failed',
        `the proxy still serves the previous certificate ${Math.round(timeoutMs / 1000)} s ` +
          'after the reload',
        { hint: `see \`identity logs proxy -p ${live.project}\`` },
      );
    }
    await sleep(500);
  }
}

// The certificate the proxy presents, checked against nothing: this only asks which one it is.
function servedFingerprint(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, rejectUnauthorized: false, timeout: 3_000 }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.once('error', () => resolve(undefined));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(undefined);
    });
  });
}
