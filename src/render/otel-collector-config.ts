import { stringify } from 'yaml';

// The collector listens on every interface of its container: a receiver on its own loopback
// would receive nothing from the other containers. It forwards everything to Grafana's LGTM.
export function renderOtelCollectorConfig(): string {
  const config = {
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: '0.0.0.0:4317' },
          http: { endpoint: '0.0.0.0:4318' },
        },
      },
    },
    processors: { batch: {} },
    exporters: {
      'otlphttp/lgtm': { endpoint: 'http://grafana:4318' },
    },
    service: {
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['otlphttp/lgtm'] },
        metrics: { receivers: ['otlp'], processors: ['batch'], exporters: ['otlphttp/lgtm'] },
        logs: { receivers: ['otlp'], processors: ['batch'], exporters: ['otlphttp/lgtm'] },
      },
    },
  };
  return `# Rendered by \`identity render\`; do not edit.\n${stringify(config, { lineWidth: 0 })}`;
}
