// What the policy rules know about the images the product uses: which binaries a healthcheck
// can call, and which environment variables the image reads (to spot misspellings).
export interface KnownImage {
  name: string;
  matches: RegExp;
  binaries: string[];
  variables: string[];
}

const postgresVariables = [
  'POSTGRES_PASSWORD',
  'POSTGRES_USER',
  'POSTGRES_DB',
  'POSTGRES_INITDB_ARGS',
];

const appVariables = [
  'IDENTITY_ISSUER',
  'PORT',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'PGHOST',
  'PGPORT',
  'PGDATABASE',
  'PGUSER',
  'PGPASSWORD_FILE',
  'COOKIE_KEYS_FILE',
  'JWKS_FILE',
  'CLIENTS_FILE',
  'RS_AUDIENCE',
  'JWKS_URI',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'SEED_DEMO',
  'POSTGRES_PASSWORD_FILE',
];

export const knownImages: KnownImage[] = [
  {
    name: 'the identity app image',
    matches: /(^|\/)identity-app(:|$)|identity-offline\/node/,
    binaries: ['node', 'tini', 'bash', 'sh'],
    variables: appVariables,
  },
  {
    name: 'postgres',
    matches: /(^|\/)postgres(:|$)|identity-offline\/postgres/,
    binaries: ['pg_isready', 'psql', 'postgres', 'bash', 'sh'],
    variables: [
      ...postgresVariables,
      ...postgresVariables.map((name) => `${name}_FILE`),
      'POSTGRES_INITDB_WALDIR',
      'POSTGRES_HOST_AUTH_METHOD',
      'PGDATA',
    ],
  },
  {
    name: 'haproxy',
    matches: /(^|\/)haproxy(:|$)|identity-offline\/haproxy/,
    binaries: ['haproxy', 'bash', 'sh'],
    variables: [],
  },
  {
    name: 'the OpenTelemetry collector',
    matches: /opentelemetry-collector/,
    binaries: ['otelcol-contrib', 'otelcol'],
    variables: [],
  },
];

export function knownImage(image: string): KnownImage | undefined {
  return knownImages.find((known) => known.matches.test(image));
}
