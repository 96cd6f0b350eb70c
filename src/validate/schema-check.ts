import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { error, type Finding } from './finding.ts';
import type { Mapping } from './merge-compose.ts';

let compiled: ValidateFunction | undefined;

// The Compose specification's JSON Schema (vendored under schema/), compiled once per process.
function validator(): ValidateFunction {
  if (compiled !== undefined) return compiled;
  const schema = JSON.parse(
    readFileSync(new URL('./schema/compose-spec.json', import.meta.url), 'utf8'),
  );
  // The schema names its draft by an https URL that Ajv does not register; it is draft-07, Ajv's
  // default, so the marker can go. Strict mode would reject the schema's own loose keywords.
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  compiled = ajv.compile(schema);
  return compiled;
}

function describe(issue: ErrorObject): { service?: string; field: string; message: string } {
  const parts = issue.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const service = parts[0] === 'services' ? parts[1] : undefined;
  const field =
    (service === undefined ? parts : parts.slice(2)).join('.') ||
    (service === undefined ? '(top level)' : `services.${service}`);
  const extra =
    issue.keyword === 'additionalProperties'
      ? ` "${String((issue.params as { additionalProperty: string }).additionalProperty)}"`
      : issue.keyword === 'enum'
        ? ` (${(issue.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
        : '';
  return { service, field, message: `${field} ${issue.message ?? 'is invalid'}${extra}` };
}

// Checks one Compose file (each file separately: an override alone must be well-formed too).
export function checkSchema(document: Mapping, file: string): Finding[] {
  const validate = validator();
  if (validate(document)) return [];
  // oneOf branches report every alternative; keep the most specific issue per path.
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const issue of validate.errors ?? []) {
    if (issue.keyword === 'oneOf' || issue.keyword === 'anyOf') continue;
    const described = describe(issue);
    const key = `${issue.instancePath}:${described.message}`;
    if (seen.has(key) || seen.has(issue.instancePath)) continue;
    seen.add(key);
    seen.add(issue.instancePath);
    findings.push(
      error('compose-schema', {
        service: described.service,
        field: described.field,
        message: `${relative(process.cwd(), file) || file}: ${described.message}`,
        fix: 'follow the Compose specification for this field',
      }),
    );
  }
  return findings;
}
