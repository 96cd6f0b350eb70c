// One thing the doctor found: how bad it is, a stable rule id, what it saw, the one-line fix,
// and the runbook section that explains it.
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: Severity;
  rule: string;
  subject: string;
  message: string;
  fix: string;
  runbook: string;
}

const runbookFile = 'docs/troubleshooting.md';

export function runbook(section: string): string {
  return `${runbookFile}#${section}`;
}

export function finding(
  severity: Severity,
  rule: string,
  subject: string,
  message: string,
  fix: string,
  section: string,
): Finding {
  return { severity, rule, subject, message, fix, runbook: runbook(section) };
}
