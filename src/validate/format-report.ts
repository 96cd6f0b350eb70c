import { plural } from '../cli/plural.ts';
import { basename } from 'node:path';
import type { Colors } from '../cli/output.ts';
import type { ValidateReport } from './validate-files.ts';

// The human form of validation reports: one block per bundle, one line per finding with its
// rule id, then the fix.
export function formatReports(reports: ValidateReport[], color: Colors): string {
  const blocks = reports.map((report) => {
    const names = report.files.map((file) => basename(file)).join(' + ');
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    const warnings = report.findings.length - errors;
    const status = errors > 0 ? color.bad('invalid') : color.ok('valid');
    const compose =
      report.composeConfig === 'skipped'
        ? `compose config skipped (${report.composeConfigNote ?? 'not run'})`
        : `compose config ${report.composeConfig}`;
    const lines = [
      `${status}  ${names}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; ${compose}`,
    ];
    const ordered = [...report.findings].sort(
      (a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'),
    );
    for (const finding of ordered) {
      const level = finding.severity === 'error' ? color.bad('error') : color.warn('warning');
      const where = [finding.service, finding.field].filter(Boolean).join(' ');
      lines.push(
        `  ${level} [${finding.rule}] ${where === '' ? '' : `${where}: `}${finding.message}`,
      );
      lines.push(`    ${color.dim('fix:')} ${finding.fix}`);
    }
    return lines.join('\n');
  });
  return blocks.join('\n');
}
