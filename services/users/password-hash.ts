import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes, 1 lane): OWASP's minimum for argon2id.
// The defaults are written into each hash, so changing them later still verifies old hashes.
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash can never match; it is not the caller's error to report.
    return false;
  }
}

// Verifying against this when the user does not exist keeps the response time the same as for a
// wrong password, so timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('identity-dummy-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
