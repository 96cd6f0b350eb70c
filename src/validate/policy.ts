import type { Finding } from './finding.ts';
import type { Mapping } from './merge-compose.ts';
import type { Rule, RuleContext } from './rule-context.ts';
import { checkDependencies } from './rules/dependency-rules.ts';
import { checkHealthchecks } from './rules/healthcheck-rules.ts';
import { checkMisspelledVariables } from './rules/misspelled-variables.ts';
import { checkPaths } from './rules/path-rules.ts';
import { checkProdMaterial } from './rules/prod-rules.ts';
import { checkScaling, checkPublishedPorts } from './rules/scaling-rules.ts';
import { checkSecrets } from './rules/secret-rules.ts';
import { checkTelemetry } from './rules/telemetry-rules.ts';
import { serviceView } from './service-view.ts';
import { isMapping } from './merge-compose.ts';

const rules: Rule[] = [
  checkPaths,
  checkHealthchecks,
  checkScaling,
  checkPublishedPorts,
  checkSecrets,
  checkMisspelledVariables,
  checkDependencies,
  checkTelemetry,
  checkProdMaterial,
];

export interface PolicyOptions {
  projectDir: string;
  profile?: string;
  scale?: Record<string, number>;
}

// Runs every policy rule over a merged Compose model.
export function checkPolicy(merged: Mapping, options: PolicyOptions): Finding[] {
  const services = isMapping(merged['services']) ? merged['services'] : {};
  const context: RuleContext = {
    merged,
    services: Object.entries(services)
      .filter(([, raw]) => isMapping(raw))
      .map(([name, raw]) => serviceView(name, raw as Mapping)),
    projectDir: options.projectDir,
    scale: options.scale ?? {},
    profile: options.profile,
  };
  return rules.flatMap((rule) => rule(context));
}
