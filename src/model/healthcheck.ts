import type { Healthcheck } from './compose-types.ts';
import type { ProbeTiming } from './profiles.ts';

export function healthcheck(test: string[], probes: ProbeTiming): Healthcheck {
  return {
    test,
    interval: probes.interval,
    timeout: probes.timeout,
    retries: probes.retries,
    start_period: probes.startPeriod,
    start_interval: probes.startInterval,
  };
}

export function appProbe(port: number): string[] {
  return ['CMD', 'node', '/app/main.ts', 'healthcheck', `http://127.0.0.1:${port}/readyz`];
}

// An HTTP probe for images with bash but no curl or wget (the proxy, grafana): bash's /dev/tcp
// and builtins only. `$$` is Compose's escape for a literal `$`.
export function bashHttpProbe(port: number, path: string): string[] {
  const script = [
    `exec 3<>/dev/tcp/127.0.0.1/${port}`,
    `printf 'GET ${path} HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3`,
    'read -r status <&3',
    `[[ "$$status" == *" 200 "* ]]`,
  ].join(' && ');
  return ['CMD', 'bash', '-c', script];
}
