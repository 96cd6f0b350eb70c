import { cookieKeyProblems } from './cookie-keys.ts';
import { jwksProblems } from './jwks-check.ts';
import { minClientSecretLength, minPasswordLength, passwordProblem } from './passwords.ts';
import type { SecretSpec } from './catalog.ts';
import { caCertProblems, proxyTlsProblems } from './tls-check.ts';

// What is wrong with a secret's content for its kind; an empty list when it is usable. The
// content of ca_cert is passed along for proxy_tls, whose chain must lead to it.
export async function formatProblems(
  spec: SecretSpec,
  content: string,
  context: { caCert: string | undefined; now: Date },
): Promise<string[]> {
  switch (spec.kind) {
    case 'password':
      return optional(passwordProblem(content, minPasswordLength));
    case 'client-secret':
      return optional(passwordProblem(content, minClientSecretLength));
    case 'cookie-keys':
      return cookieKeyProblems(content);
    case 'jwks':
      return jwksProblems(content);
    case 'tls':
      return proxyTlsProblems(content, context.caCert, context.now);
    case 'ca':
      return caCertProblems(content, context.now);
  }
}

function optional(problem: string | undefined): string[] {
  return problem === undefined ? [] : [problem];
}

// How to replace content that is not usable. The certificate pair is issued anew by rotation;
// any other file is moved aside and generated again, which for a database password also needs
// the database to learn the new one (docs/secrets.md, "Bringing your own secrets").
export function formatFix(spec: SecretSpec, file: string, profile: string): string {
  if (spec.kind === 'tls' || spec.kind === 'ca') return 'run `identity secrets rotate proxy_tls`';
  const regenerate = `mv ${file} ${file}.invalid && identity secrets init --profile ${profile}`;
  return spec.kind === 'password'
    ? `${regenerate}, then set it in the database (docs/secrets.md)`
    : regenerate;
}
