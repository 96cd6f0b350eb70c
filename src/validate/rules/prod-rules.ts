import { error } from '../finding.ts';
import type { Finding } from '../finding.ts';
import type { RuleContext } from '../rule-context.ts';

const demoSecrets = ['demo_client_secret'];

// The prod profile carries no demo users, clients or secrets, whatever an override adds.
export function checkProdMaterial(context: RuleContext): Finding[] {
  if (context.profile !== 'prod') return [];
  const findings: Finding[] = [];
  for (const service of context.services) {
    for (const secret of service.secrets.filter((s) => demoSecrets.includes(s.source))) {
      findings.push(
        error('prod-demo-material', {
          service: service.name,
          field: 'secrets',
          message: `prod service ${service.name} mounts the demo secret ${secret.source}`,
          fix: 'drop it: prod has no demo clients; register real clients instead',
        }),
      );
    }
    if (service.environment['SEED_DEMO'] === 'true') {
      findings.push(
        error('prod-demo-material', {
          service: service.name,
          field: 'environment.SEED_DEMO',
          message: `prod service ${service.name} seeds the demo users (SEED_DEMO=true)`,
          fix: 'set SEED_DEMO=false; prod has no demo users',
        }),
      );
    }
    for (const config of service.configs.filter((c) =>
      /clients[._-](demo|dev|ci)\b/.test(c.source),
    )) {
      findings.push(
        error('prod-demo-material', {
          service: service.name,
          field: 'configs',
          message: `prod service ${service.name} loads the demo clients ${config.source}`,
          fix: 'use clients_prod',
        }),
      );
    }
  }
  return findings;
}
