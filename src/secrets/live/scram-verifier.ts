import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const iterations = 4096;

// The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802, RFC 7677), the same
// form the migrate job sets. `ALTER ROLE ... PASSWORD '<verifier>'` changes a password without the
// password itself reaching the server, its logs or pg_stat_activity.
// Limitation: no SASLprep normalisation, because generated passwords are ASCII, for which it
// changes nothing; a non-ASCII password brought by hand may then not match what PostgreSQL derives.
export function createScramVerifier(password: string, salt = randomBytes(16)): string {
  const saltedPassword = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', saltedPassword).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', saltedPassword).update('Server Key').digest();
  return (
    `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}` +
    `$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
  );
}
