import { proxyPorts } from './app-services.ts';
import type { ComposeService } from './compose-types.ts';
import { harden, limitsFor } from './hardening.ts';
import { bashHttpProbe, healthcheck } from './healthcheck.ts';
import { images } from './images.ts';
import type { Profile } from './profiles.ts';

const proxyLimits = { cpus: '1.0', memory: '256m', pids: 256 };

export function proxyConfigName(profile: Profile): string {
  return profile.tls ? 'haproxy_tls' : 'haproxy';
}

// The one origin: the only service with a published port, bound to 127.0.0.1.
export function proxyService(profile: Profile): ComposeService {
  const published = profile.tls
    ? `127.0.0.1:\${IDENTITY_HTTPS_PORT:-8443}:${proxyPorts.https}`
    : `127.0.0.1:\${IDENTITY_HTTP_PORT:-8480}:${proxyPorts.http}`;
  const service: ComposeService = {
    image: images.proxy,
    configs: [{ source: proxyConfigName(profile), target: '/usr/local/etc/haproxy/haproxy.cfg' }],
    ports: [published],
    healthcheck: healthcheck(bashHttpProbe(proxyPorts.health, '/healthz'), profile.probes),
    'x-identity': { lifetime: 'long-running', scalable: false },
  };
  if (profile.tls) {
    service.secrets = ['proxy_tls'];
    // HAProxy reads the PEM by path from its config (`crt`), not through a _FILE variable.
    service['x-identity']!['secrets-via-config'] = ['proxy_tls'];
  }
  Object.assign(service, harden(profile, { writable: ['/tmp'], limits: proxyLimits }));
  const deploy = limitsFor(profile, proxyLimits);
  if (deploy !== undefined) service.deploy = deploy;
  return service;
}
