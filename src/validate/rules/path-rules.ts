import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { error, warning } from '../finding.ts';
import type { Finding } from '../finding.ts';
import { interpolatedDefaults } from '../interpolate.ts';
import { isMapping } from '../merge-compose.ts';
import type { RuleContext } from '../rule-context.ts';

function absolute(path: string): boolean {
  return isAbsolute(path) || path.startsWith('~');
}

// A bundle works from any checkout path: every path is relative to the bundle's folder, and what
// it binds exists. An absolute path is a warning, not an error: the product's bundles never have
// one (their render tests say so), so it comes from a user's override, which may rightly point
// at a file of this machine; it only stops the override from working elsewhere.
export function checkPaths(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const exists = (path: string) => existsSync(join(context.projectDir, path));

  for (const service of context.services) {
    for (const volume of service.volumes.filter((v) => v.type === 'bind')) {
      if (absolute(volume.source)) {
        findings.push(
          warning('path-absolute', {
            service: service.name,
            field: volume.field,
            message: `service ${service.name} binds the absolute path ${volume.source}`,
            fix: "use a path relative to the bundle's folder, e.g. ./data",
          }),
        );
      } else if (!exists(volume.source)) {
        findings.push(
          error('bind-source-missing', {
            service: service.name,
            field: volume.field,
            message: `service ${service.name} binds ${volume.source}, which does not exist relative to ${context.projectDir}`,
            fix: 'create it, or fix the path (relative to the bundle folder)',
          }),
        );
      }
    }
    const envFiles = service.raw['env_file'];
    for (const file of Array.isArray(envFiles)
      ? envFiles
      : envFiles === undefined
        ? []
        : [envFiles]) {
      const path = isMapping(file) ? String(file['path']) : String(file);
      if (!absolute(path)) continue;
      findings.push(
        warning('path-absolute', {
          service: service.name,
          field: 'env_file',
          message: `service ${service.name} reads the absolute env file ${path}`,
          fix: "use a path relative to the bundle's folder",
        }),
      );
    }
  }

  const missingSecrets: string[] = [];
  for (const kind of ['secrets', 'configs'] as const) {
    const definitions = isMapping(context.merged[kind]) ? context.merged[kind] : {};
    for (const [name, definition] of Object.entries(definitions)) {
      if (!isMapping(definition) || definition['file'] === undefined) continue;
      const file = interpolatedDefaults(String(definition['file']));
      if (absolute(file)) {
        findings.push(
          warning('path-absolute', {
            field: `${kind}.${name}.file`,
            message: `${kind} ${name} reads the absolute path ${file}`,
            fix: "use a path relative to the bundle's folder, e.g. ./secrets/<name>",
          }),
        );
      } else if (!exists(file)) {
        if (kind === 'secrets') missingSecrets.push(name);
        else {
          findings.push(
            error('bind-source-missing', {
              field: `configs.${name}.file`,
              message: `config ${name} points at ${file}, which does not exist`,
              fix: 'run `identity render`, or fix the path (relative to the bundle folder)',
            }),
          );
        }
      }
    }
  }
  if (missingSecrets.length > 0) {
    findings.push(
      warning('secret-file-missing', {
        field: 'secrets',
        message: `${missingSecrets.length} secret files do not exist yet: ${missingSecrets.join(', ')}`,
        fix: 'run `identity secrets init`',
      }),
    );
  }
  return findings;
}
