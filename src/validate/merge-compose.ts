// Merges Compose files the way `docker compose -f a -f b` does, for the fields the rules read:
// mappings merge key by key, sequences of command-like fields are replaced, other sequences are
// appended without duplicates. Environment and labels lists become mappings first.
const replacedSequences = new Set([
  'command',
  'entrypoint',
  'test',
  'profiles',
  'dns',
  'dns_search',
]);

const listAsMapping = new Set(['environment', 'labels', 'annotations', 'sysctls']);

export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function toMapping(value: unknown): Mapping | undefined {
  if (isMapping(value)) return value;
  if (!Array.isArray(value)) return undefined;
  const mapping: Mapping = {};
  for (const item of value) {
    const text = String(item);
    const at = text.indexOf('=');
    if (at === -1) mapping[text] = null;
    else mapping[text.slice(0, at)] = text.slice(at + 1);
  }
  return mapping;
}

function mergeValue(key: string, base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (listAsMapping.has(key)) {
    const a = toMapping(base);
    const b = toMapping(override);
    if (a !== undefined && b !== undefined) return { ...a, ...b };
  }
  if (key === 'depends_on') {
    const a = dependsOnMapping(base);
    const b = dependsOnMapping(override);
    return mergeMappings(a, b);
  }
  if (isMapping(base) && isMapping(override)) return mergeMappings(base, override);
  if (Array.isArray(base) && Array.isArray(override) && !replacedSequences.has(key)) {
    const seen = new Set(base.map((item) => JSON.stringify(item)));
    return [...base, ...override.filter((item) => !seen.has(JSON.stringify(item)))];
  }
  return override;
}

export function mergeMappings(base: Mapping, override: Mapping): Mapping {
  const result: Mapping = { ...base };
  for (const [key, value] of Object.entries(override))
    result[key] = mergeValue(key, base[key], value);
  return result;
}

// `depends_on: [a, b]` is `depends_on: {a: {condition: service_started}, ...}`.
export function dependsOnMapping(value: unknown): Mapping {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((name) => [String(name), { condition: 'service_started' }]),
    );
  }
  return isMapping(value) ? value : {};
}

export function mergeComposeFiles(documents: Mapping[]): Mapping {
  return documents.reduce((merged, document) => mergeMappings(merged, document), {} as Mapping);
}
