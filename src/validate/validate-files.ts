import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { checkWithCompose } from './compose-config-check.ts';
import type { Finding } from './finding.ts';
import { error, warning } from './finding.ts';
import { isMapping, mergeComposeFiles, type Mapping } from './merge-compose.ts';
import { checkPolicy } from './policy.ts';
import { checkSchema } from './schema-check.ts';

export interface ValidateRequest {
  // The product bundle first, then the user's overrides, in `docker compose -f` order.
  files: string[];
  profile?: string;
  scale?: Record<string, number>;
  // Run `docker compose config` too (when Docker is present).
  useDocker: boolean;
}

export interface ValidateReport {
  files: string[];
  profile: string | undefined;
  findings: Finding[];
  composeConfig: 'passed' | 'failed' | 'skipped';
  composeConfigNote?: string;
}

async function load(file: string): Promise<{ document?: Mapping; finding?: Finding }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    return {
      finding: error('file-unreadable', {
        field: file,
        message: `cannot read ${file}: ${reason}`,
        fix: 'check the path given with -f',
      }),
    };
  }
  try {
    // logLevel error: an unknown tag is reported below as a finding, not as a raw warning.
    const document: unknown = parse(text, { merge: true, logLevel: 'error' });
    // Limitation: Compose's !reset and !override tags are not applied to the merged model,
    // because the YAML reader does not know them; `docker compose config` (also run) does.
    const tags = [...new Set(text.match(/!(reset|override)\b/g) ?? [])];
    if (isMapping(document) && tags.length > 0) {
      return {
        document,
        finding: warning('yaml-tag-unsupported', {
          field: file,
          message: `${file} uses ${tags.join(' and ')}, which validate's policy rules do not apply`,
          fix: 'check the merged result with `docker compose config`; the rules may miss what the tag changes',
        }),
      };
    }
    if (isMapping(document)) return { document };
    return {
      finding: error('compose-schema', {
        field: file,
        message: `${file} is not a YAML mapping`,
        fix: 'a Compose file is a mapping with `services:` at the top',
      }),
    };
  } catch (cause) {
    return {
      finding: error('yaml-syntax', {
        field: file,
        message: `${file} is not valid YAML: ${(cause as Error).message.split('\n')[0]}`,
        fix: 'fix the YAML at the line named',
      }),
    };
  }
}

export async function validateFiles(request: ValidateRequest): Promise<ValidateReport> {
  const files = request.files.map((file) => resolve(file));
  const findings: Finding[] = [];
  const documents: Mapping[] = [];
  for (const file of files) {
    const { document, finding } = await load(file);
    if (finding !== undefined) findings.push(finding);
    if (document === undefined) continue;
    findings.push(...checkSchema(document, file));
    documents.push(document);
  }
  const report: ValidateReport = {
    files,
    profile: request.profile,
    findings,
    composeConfig: 'skipped',
  };
  if (documents.length !== files.length) return report;

  const merged = mergeComposeFiles(documents);
  findings.push(
    ...checkPolicy(merged, {
      projectDir: dirname(files[0]!),
      profile: request.profile,
      scale: request.scale,
    }),
  );

  if (!request.useDocker) {
    report.composeConfigNote = 'not requested';
    return report;
  }
  const compose = await checkWithCompose(files, ['observability']);
  if (!compose.ran) {
    report.composeConfigNote = `docker is not available: ${compose.reason}`;
    return report;
  }
  findings.push(...compose.findings);
  report.composeConfig = compose.findings.length === 0 ? 'passed' : 'failed';
  return report;
}
