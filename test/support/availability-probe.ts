import { setTimeout as sleep } from 'node:timers/promises';

export interface ProbeReport {
  requests: number;
  // One line per failed request: when, what, and the status or error; never a token.
  failures: string[];
}

export interface AvailabilityProbe {
  stop(): Promise<ProbeReport>;
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

// Keeps asking every public service through the proxy while something changes the stack, and
// records each answer that a client would count as downtime: a 5xx, a refused or reset
// connection, or an API call with a valid token that does not answer 200.
export function startAvailabilityProbe(
  issuer: string,
  apiToken: () => string,
  options: { loops?: number; pauseMs?: number; fetch?: Fetch } = {},
): AvailabilityProbe {
  const report: ProbeReport = { requests: 0, failures: [] };
  const fetchImpl = options.fetch ?? fetch;
  let running = true;

  const checks: [string, () => RequestInit, (status: number) => boolean][] = [
    ['/.well-known/openid-configuration', () => ({}), (status) => status === 200],
    ['/interaction/availability-probe', () => ({}), (status) => status < 500],
    [
      '/api/items',
      () => ({ headers: { authorization: `Bearer ${apiToken()}` } }),
      (status) => status === 200,
    ],
    ['/app/', () => ({}), (status) => status === 200],
  ];

  const loop = async () => {
    while (running) {
      for (const [path, init, ok] of checks) {
        const at = new Date().toISOString();
        report.requests += 1;
        try {
          const response = await fetchImpl(`${issuer}${path}`, {
            ...init(),
            signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
          if (!ok(response.status)) report.failures.push(`${at} ${path} ${response.status}`);
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause?.code;
          report.failures.push(`${at} ${path} ${cause ?? (error as Error).name}`);
        }
      }
      await sleep(options.pauseMs ?? 50);
    }
  };
  const loops = Array.from({ length: options.loops ?? 2 }, loop);
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return report;
    },
  };
}
