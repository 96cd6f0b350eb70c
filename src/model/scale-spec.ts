import { appServiceNames, maxReplicas, type AppServiceName } from './app-services.ts';
import { ModelError } from './model-error.ts';
import type { Scale } from './profiles.ts';

const positional = 'AxIxRxS (authz x idp x rs x spa), e.g. 2x2x2x2';
const named = 'name=N[,name=N], e.g. authz=3,rs=2';
const hint = `use ${positional}, or ${named}; counts from 1 to ${maxReplicas}`;

function fail(message: string): never {
  throw new ModelError('bad-scale-spec', message, { hint });
}

function parseCount(spec: string, service: AppServiceName, text: string): number {
  if (!/^[0-9]+$/.test(text)) {
    fail(
      `scale spec "${spec}": ${service} count "${text}" is not a whole number from 1 to ${maxReplicas}`,
    );
  }
  const count = Number(text);
  if (count < 1 || count > maxReplicas) {
    fail(
      `scale spec "${spec}": ${service} count ${count} is out of range, expected 1 to ${maxReplicas}`,
    );
  }
  return count;
}

function parsePositional(spec: string): Scale {
  const parts = spec.split('x');
  if (parts.length !== appServiceNames.length) {
    fail(`scale spec "${spec}" has ${parts.length} parts, expected 4 (authz x idp x rs x spa)`);
  }
  const scale = {} as Scale;
  appServiceNames.forEach((service, i) => {
    scale[service] = parseCount(spec, service, parts[i]!);
  });
  return scale;
}

function parseNamed(spec: string, defaults: Scale): Scale {
  const scale = { ...defaults };
  const seen = new Set<string>();
  for (const part of spec.split(',')) {
    const match = /^([^=]*)=(.*)$/.exec(part);
    if (match === null)
      fail(`scale spec "${spec}": part "${part}" is not name=N, expected ${named}`);
    const [, name, count] = match as unknown as [string, string, string];
    if (!(appServiceNames as readonly string[]).includes(name)) {
      fail(
        `scale spec "${spec}": unknown service "${name}", expected one of ${appServiceNames.join(', ')}`,
      );
    }
    if (seen.has(name)) fail(`scale spec "${spec}": ${name} is set more than once`);
    seen.add(name);
    scale[name as AppServiceName] = parseCount(spec, name as AppServiceName, count);
  }
  return scale;
}

// Parses `AxIxRxS` or `name=N[,name=N]`; services the named form leaves out keep `defaults`.
export function parseScaleSpec(spec: string, defaults: Scale): Scale {
  if (spec.trim() === '') fail(`scale spec is empty, expected ${positional} or ${named}`);
  if (spec.includes('=')) return parseNamed(spec, defaults);
  return parsePositional(spec);
}

export function formatScale(scale: Scale): string {
  return appServiceNames.map((service) => scale[service]).join('x');
}
