import type pg from 'pg';

import type { DatabaseConfig } from '../shared/config.ts';
import { createScramVerifier } from './scram-verifier.ts';

// Creates the services' login role, or brings an existing one in line: the password is set on
// every run so a rotated db_app_password takes effect by running migrate again. Identifiers
// were checked in migrate-config.ts. DDL takes no bind parameters, so the statement carries the
// password's SCRAM verifier, never the password itself.
export async function ensureAppRole(
  client: pg.Client,
  app: DatabaseConfig,
): Promise<'created' | 'updated'> {
  const role = client.escapeIdentifier(app.user);
  const password = client.escapeLiteral(createScramVerifier(app.password));
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [app.user]);
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';

  if (rowCount === 0) {
    await client.query(`CREATE ROLE ${role} ${attributes} PASSWORD ${password}`);
    return 'created';
  }
  await client.query(`ALTER ROLE ${role} ${attributes} PASSWORD ${password}`);
  return 'updated';
}

// Least privilege: the services read and write their rows and nothing else; they cannot change
// the schema or read the migration history. Re-applied on every run, so a new table's grant
// ships with the migration run that created it.
export async function grantAppPrivileges(client: pg.Client, app: DatabaseConfig): Promise<void> {
  const role = client.escapeIdentifier(app.user);
  const database = client.escapeIdentifier(app.database);
  await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_payloads TO ${role}`);
  await client.query(`GRANT SELECT, UPDATE (last_login_at) ON users TO ${role}`);
  await client.query(`GRANT SELECT ON items TO ${role}`);
}
