import { appServiceNames, appServices, maxReplicas, proxyPorts } from '../model/app-services.ts';

// The proxy's configuration. Backends are server templates resolved through Docker's embedded
// DNS, so replicas added or removed with `docker compose up --scale` are followed without a
// restart; every slot is health-checked on /readyz and only ready replicas get traffic.
export function renderHaproxyConfig(options: { tls: boolean }): string {
  const lines = [
    '# Rendered by `identity render`; do not edit.',
    'global',
    '  log stdout format raw local0 info',
    '',
    "# Docker's embedded DNS returns one A record per running replica of a service.",
    'resolvers docker',
    '  nameserver dns 127.0.0.11:53',
    '  resolve_retries 3',
    '  timeout resolve 1s',
    '  timeout retry 1s',
    '  hold valid 5s',
    '  hold other 5s',
    '  hold refused 5s',
    '  hold nx 5s',
    '  hold timeout 5s',
    '  hold obsolete 5s',
    '  accepted_payload_size 8192',
    '',
    'defaults',
    '  mode http',
    '  log global',
    '  option httplog',
    '  option dontlognull',
    '  option forwardfor',
    '  # A replica that is stopping (rolling restart, scale down) refuses connections, and one',
    '  # that is gone leaves its address unanswered, until the checks take it out: such requests',
    '  # go to another replica instead of failing. Inside the Docker network a connect takes',
    '  # microseconds, so one second is long enough to wait for a replica that is not there.',
    '  timeout connect 1s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-request 10s',
    '  default-server inter 2s fall 2 rise 1 resolve-prefer ipv4',
    '',
    'frontend health',
    `  bind :${proxyPorts.health}`,
    '  http-request return status 200 content-type text/plain string ok if { path /healthz }',
    '  http-request return status 404 content-type text/plain string not-found',
    '',
    '# Which replicas each backend routes to, for `identity start` and `identity health`;',
    "# bound to the container's loopback, so only `docker exec` in the proxy reaches it.",
    'frontend stats',
    `  bind 127.0.0.1:${proxyPorts.stats}`,
    '  stats enable',
    '  stats uri /stats',
    '',
    'frontend public',
    ...bindLines(options.tls),
    '  # Service health endpoints are for probes inside the network, never from outside.',
    '  http-request return status 404 content-type application/json string \'{"error":"not_found"}\' if { path_end /livez /readyz }',
    '  # The provider builds its endpoint URLs from the original scheme and host.',
    '  http-request set-header X-Forwarded-Proto https if { ssl_fc }',
    '  http-request set-header X-Forwarded-Proto http if !{ ssl_fc }',
    '  http-request set-header X-Forwarded-Host %[req.hdr(host)]',
    '  http-request set-header X-Request-Id %[uuid] unless { req.hdr(x-request-id) -m found }',
    ...traceContextLines(),
    ...(options.tls
      ? ['  http-response set-header Strict-Transport-Security "max-age=31536000"']
      : []),
    ...routeLines(),
    '  default_backend authz',
    ...appServiceNames.flatMap((name) => backendLines(name)),
  ];
  return `${lines.join('\n')}\n`;
}

// W3C trace context: a request that arrives with one valid `traceparent` keeps it; any other
// gets a new one, with random trace and parent ids, so every service the request crosses reports
// its spans in one trace. HAProxy 3.0 makes no span of its own: the parent id names the proxy's
// hop, which no span describes. An invalid `traceparent` voids the caller's `tracestate` too.
// Each `uuid` is a fresh version 4 UUID, whose first field is 32 random bits.
// Limitation: no span for the proxy's own hop, because HAProxy 3.0 has no OpenTelemetry exporter.
// Limitation: any valid incoming traceparent is kept, sampled flag included, because that is how
// a caller's trace continues; there is no switch to distrust callers.
function traceContextLines(): string[] {
  const random32 = '%[uuid,field(1,-)]';
  const traceId = random32.repeat(4);
  const parentId = random32.repeat(2);
  const kept = 'traceparent_one traceparent_form !traceparent_zero';
  return [
    '  # Trace context: keep a valid incoming traceparent, else start a trace here.',
    '  acl traceparent_one req.hdr_cnt(traceparent) eq 1',
    "  acl traceparent_form req.hdr(traceparent) -m reg '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$'",
    "  acl traceparent_zero req.hdr(traceparent) -m reg '^00-0{32}-|-0{16}-[0-9a-f]{2}$'",
    `  http-request del-header tracestate unless ${kept}`,
    `  http-request set-header traceparent 00-${traceId}-${parentId}-01 unless ${kept}`,
    '  # The access log shows it, to go from a log line to its trace.',
    '  http-request capture req.hdr(traceparent) len 55',
  ];
}

function bindLines(tls: boolean): string[] {
  return tls
    ? [`  bind :${proxyPorts.https} ssl crt /run/secrets/proxy_tls alpn h2,http/1.1`]
    : [`  bind :${proxyPorts.http}`];
}

function routeLines(): string[] {
  return appServiceNames
    .filter((name) => appServices[name].publicPath !== '/')
    .map((name) => {
      const prefix = appServices[name].publicPath;
      const exact = prefix.replace(/\/$/, '');
      return `  use_backend ${name} if { path_beg ${prefix} } || { path ${exact} }`;
    });
}

function backendLines(name: (typeof appServiceNames)[number]): string[] {
  const { port } = appServices[name];
  return [
    '',
    `backend ${name}`,
    '  balance roundrobin',
    '  option httpchk',
    '  http-check send meth GET uri /readyz',
    '  http-check expect status 200',
    `  server-template ${name} 1-${maxReplicas} ${name}:${port} check resolvers docker init-addr none`,
  ];
}
