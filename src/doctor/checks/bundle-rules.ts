import { validateFiles } from '../../validate/validate-files.ts';
import { type Finding, finding } from '../finding.ts';

// Bundle rules that belong to a failure class of the runbook; the rest share "Bundle rules".
const sections: [RegExp, string][] = [
  [/^healthcheck-localhost$/, 'ipv6-localhost'],
  [/^healthcheck-/, 'health-checks'],
  [/^one-shot-/, 'one-shot-jobs'],
  [/^(host-port-scaled|port-not-loopback)$/, 'ports-in-use'],
  [/^otlp-/, 'telemetry-not-arriving-in-grafana'],
];

// The bundle's own rules (schema, `docker compose config`, policy), as validate runs them, so
// that the doctor reports a localhost probe or a fixed name before anything starts.
export async function checkBundleRules(files: string[], profile: string): Promise<Finding[]> {
  const report = await validateFiles({ files, profile, useDocker: true });
  return report.findings.map((f) =>
    finding(
      f.severity,
      f.rule,
      [f.service, f.field].filter((part) => part !== undefined).join(': ') || 'bundle',
      f.message,
      f.fix,
      sections.find(([pattern]) => pattern.test(f.rule))?.[1] ?? 'bundle-rules',
    ),
  );
}
