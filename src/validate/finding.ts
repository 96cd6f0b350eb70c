// One result of validation: which rule, how bad, where, what is wrong and how to fix it.
export type Severity = 'error' | 'warning';

export interface Finding {
  // Stable id, documented in docs/bundles.md; scripts may match on it.
  rule: string;
  severity: Severity;
  service?: string;
  // The field concerned, as a Compose path: `healthcheck.test`, `ports[0]`, `environment.X`.
  field?: string;
  message: string;
  fix: string;
}

export function error(rule: string, fields: Omit<Finding, 'rule' | 'severity'>): Finding {
  return { rule, severity: 'error', ...fields };
}

export function warning(rule: string, fields: Omit<Finding, 'rule' | 'severity'>): Finding {
  return { rule, severity: 'warning', ...fields };
}
