import { error } from '../finding.ts';
import type { Finding } from '../finding.ts';
import type { RuleContext } from '../rule-context.ts';
import type { ServiceView } from '../service-view.ts';

const secretName = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIALS?|COOKIE_KEYS?)$/;

const secretValue = /-----BEGIN [A-Z ]*PRIVATE KEY-----|^eyJ[\w-]+\.eyJ[\w-]+\.|"d"\s*:\s*"/;

function fileVariables(service: ServiceView): [string, string][] {
  return Object.entries(service.environment)
    .filter(([key, value]) => key.endsWith('_FILE') && value !== null && value !== '')
    .map(([key, value]) => [key, value as string]);
}

// Where a _FILE path may come from: a mounted secret, a config, or a mounted volume.
function provides(service: ServiceView, path: string): boolean {
  if (service.secrets.some((secret) => secret.target === path)) return true;
  if (service.configs.some((config) => config.target === path)) return true;
  return service.volumes.some(
    (volume) => path === volume.target || path.startsWith(`${volume.target}/`),
  );
}

// Secrets reach our services as files, and only through _FILE variables (K06).
export function checkSecrets(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const service of context.services) {
    const variables = fileVariables(service);
    for (const [key, value] of Object.entries(service.environment)) {
      if (value === null || value === '' || key.endsWith('_FILE')) continue;
      if (secretName.test(key) || secretValue.test(value)) {
        findings.push(
          error('env-secret-value', {
            service: service.name,
            field: `environment.${key}`,
            message: `service ${service.name} sets ${key} to a value that looks secret; environment values show in docker inspect and logs`,
            fix: `mount the value as a Docker secret and set ${key}_FILE=/run/secrets/<name>`,
          }),
        );
      }
      if (service.environment[`${key}_FILE`] !== undefined) {
        findings.push(
          error('file-var-and-value', {
            service: service.name,
            field: `environment.${key}`,
            message: `service ${service.name} sets both ${key} and ${key}_FILE`,
            fix: `drop ${key} and keep ${key}_FILE`,
          }),
        );
      }
    }
    for (const [key, path] of variables) {
      if (provides(service, path)) continue;
      const mounted = service.secrets.map((secret) => secret.target);
      findings.push(
        error('file-var-unmounted', {
          service: service.name,
          field: `environment.${key}`,
          message: `service ${service.name} reads ${key}=${path}, which is not among its mounted secrets (${mounted.length === 0 ? 'none' : mounted.join(', ')})`,
          fix: `add the secret to ${service.name}.secrets, or point ${key} at one of its secrets`,
        }),
      );
    }
    const viaConfig = (service.annotations['secrets-via-config'] as string[] | undefined) ?? [];
    for (const secret of service.secrets) {
      if (variables.some(([, path]) => path === secret.target)) continue;
      if (viaConfig.includes(secret.source)) continue;
      findings.push(
        error('secret-unread', {
          service: service.name,
          field: 'secrets',
          message: `service ${service.name} mounts secret ${secret.source} at ${secret.target}, but no _FILE variable reads it`,
          fix: `set the variable the image reads, e.g. <NAME>_FILE=${secret.target}, or drop the secret`,
        }),
      );
    }
  }
  return findings;
}
