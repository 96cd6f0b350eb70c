// The verifier is computed exactly as the migrate job computes it: one implementation, shared
// with the services package (plain TypeScript on node:crypto, no dependency of its own).
export { createScramVerifier } from '../../../services/migrate/scram-verifier.ts';
