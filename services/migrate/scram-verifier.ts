import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const iterations = 4096;

// Builds the SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802 / RFC 7677), so
// `ALTER ROLE ... PASSWORD` never carries the plain password into server logs or pg_stat views.
// Limitation: no SASLprep normalisation, because generated secrets are ASCII, for which SASLprep
// changes nothing; a non-ASCII password typed by hand may then not match what postgres derives.
export function createScramVerifier(password: string, salt = randomBytes(16)): string {
  const saltedPassword = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', saltedPassword).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', saltedPassword).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
