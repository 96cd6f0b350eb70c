import type { Pool } from '../shared/db-pool.ts';
import { verifyAgainstDummy, verifyPassword } from './password-hash.ts';

export type User = {
  id: string;
  username: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
};

type UserRow = {
  id: string;
  username: string;
  email: string | null;
  email_verified: boolean;
  name: string | null;
  password_hash: string;
  disabled: boolean;
};

const columns = 'id, username, email, email_verified, name, password_hash, disabled';

export async function findUserById(pool: Pool, id: string): Promise<User | undefined> {
  // `id` arrives from stored sessions and grants; reject non-UUIDs before postgres does.
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const { rows } = await pool.query<UserRow>(
    `SELECT ${columns} FROM users WHERE id = $1 AND NOT disabled`,
    [id],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

// Returns the user only when the username exists, is enabled and the password matches.
export async function authenticateUser(
  pool: Pool,
  username: string,
  password: string,
): Promise<User | undefined> {
  const { rows } = await pool.query<UserRow>(`SELECT ${columns} FROM users WHERE username = $1`, [
    username.trim().toLowerCase(),
  ]);
  const row = rows[0];
  if (!row || row.disabled) {
    await verifyAgainstDummy(password);
    return undefined;
  }
  if (!(await verifyPassword(row.password_hash, password))) return undefined;

  await pool.query('UPDATE users SET last_login_at = now() WHERE id = $1', [row.id]);
  return toUser(row);
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    emailVerified: row.email_verified,
    name: row.name,
  };
}
