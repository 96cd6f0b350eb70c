import type { ComposeService } from './compose-types.ts';
import { bashHttpProbe, healthcheck } from './healthcheck.ts';
import { images } from './images.ts';
import type { Profile } from './profiles.ts';

export const observabilityProfile = 'observability';

// The collector and Grafana (LGTM) run only with the Compose profile `observability`, or always
// when the bundle is rendered with observability on.
export function observabilityServices(
  profile: Profile,
  alwaysOn: boolean,
): Record<string, ComposeService> {
  const profiles = alwaysOn ? {} : { profiles: [observabilityProfile] };
  const collector: ComposeService = {
    ...profiles,
    image: images.otelCollector,
    configs: [{ source: 'otel_collector', target: '/etc/otelcol-contrib/config.yaml' }],
    depends_on: { grafana: { condition: 'service_healthy' } },
    'x-identity': {
      lifetime: 'long-running',
      scalable: false,
      // Limitation: the collector has no container healthcheck because its upstream image is
      // built from scratch, with no shell or HTTP client to run a probe with.
      'no-healthcheck': 'upstream image has no shell or HTTP client',
    },
  };
  const grafana: ComposeService = {
    ...profiles,
    image: images.grafana,
    ports: ['127.0.0.1:${IDENTITY_GRAFANA_PORT:-3300}:3000'],
    healthcheck: healthcheck(bashHttpProbe(3000, '/api/health'), {
      ...profile.probes,
      startPeriod: '120s',
    }),
    'x-identity': { lifetime: 'long-running', scalable: false },
  };
  return { 'otel-collector': collector, grafana };
}
