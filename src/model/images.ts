// Image references in bundles: an interpolation variable with the online default, so the offline
// kit (and the CLI's .env) can point plain `docker compose` at local stand-ins.
export const images = {
  app: '${IDENTITY_APP_IMAGE:-identity-app:0.1.0}',
  postgres: '${IDENTITY_POSTGRES_IMAGE:-postgres:17-trixie}',
  proxy: '${IDENTITY_PROXY_IMAGE:-haproxy:3.0}',
  otelCollector: '${IDENTITY_OTEL_COLLECTOR_IMAGE:-otel/opentelemetry-collector-contrib:0.120.0}',
  grafana: '${IDENTITY_GRAFANA_IMAGE:-grafana/otel-lgtm:0.8.6}',
} as const;

// Public issuer: the proxy's origin as seen from the host.
export function issuerUrl(tls: boolean): string {
  return tls
    ? 'https://127.0.0.1:${IDENTITY_HTTPS_PORT:-8443}'
    : 'http://127.0.0.1:${IDENTITY_HTTP_PORT:-8480}';
}

export const otlpCollectorEndpoint = 'http://otel-collector:4318';

// Services export telemetry only when the CLI (or the user) sets IDENTITY_OTLP_ENDPOINT; empty
// means the services skip export, so a bundle without the observability profile sends nothing.
export function otlpEndpoint(observabilityOn: boolean): string {
  return observabilityOn
    ? `\${IDENTITY_OTLP_ENDPOINT:-${otlpCollectorEndpoint}}`
    : '${IDENTITY_OTLP_ENDPOINT:-}';
}
