import { buildStack } from '../model/build-stack.ts';
import { assertNoDemoMaterial } from '../model/prod-guard.ts';
import { profiles, type ProfileName, type Scale } from '../model/profiles.ts';
import { formatScale } from '../model/scale-spec.ts';
import { renderClientsConfig } from './clients-config.ts';
import { toComposeYaml } from './compose-yaml.ts';
import { renderHaproxyConfig } from './haproxy-config.ts';
import { renderOtelCollectorConfig } from './otel-collector-config.ts';

export interface RenderOptions {
  profile: ProfileName;
  scale?: Scale;
  observability?: boolean;
}

// One file of a rendered bundle; `path` is relative to the bundle folder, with `/` separators.
export interface RenderedFile {
  path: string;
  content: string;
}

// Renders a profile's bundle and every config file it references. Pure: no clock, no machine
// facts, no checkout path, so the bytes are the same everywhere.
export function renderBundle(options: RenderOptions): RenderedFile[] {
  const profile = profiles[options.profile];
  const scale = options.scale ?? profile.defaultScale;
  const observability = options.observability ?? false;
  const stack = buildStack({ profile, scale, observability });
  assertNoDemoMaterial(profile, stack);

  const header = [
    'Rendered by `identity render` from the stack model in src/model; do not edit.',
    `profile: ${profile.name}, scale: ${formatScale(scale)} (authz x idp x rs x spa)` +
      (observability ? ', observability: on' : ''),
    'Change replicas at run time: identity start --scale AxIxRxS, or docker compose up --scale.',
  ];
  return [
    { path: `identity-${profile.name}.yml`, content: toComposeYaml(stack, header) },
    { path: `config/clients.${profile.name}.json`, content: renderClientsConfig(profile) },
    {
      path: profile.tls ? 'config/haproxy.tls.cfg' : 'config/haproxy.cfg',
      content: renderHaproxyConfig({ tls: profile.tls }),
    },
    { path: 'config/otel-collector.yaml', content: renderOtelCollectorConfig() },
  ];
}
