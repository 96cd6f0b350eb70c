import type pg from 'pg';

import { hashPassword } from '../users/password-hash.ts';

// Demo data, only with SEED_DEMO=true (the demo profile). The credentials are documented in
// docs/architecture.md on purpose: they are not secrets. Existing rows are left alone, so a user
// who changed the demo password keeps it.
export const demoUser = {
  username: 'demo',
  password: 'demo-password-change-me',
  email: 'demo@example.test',
  name: 'Demo User',
};

const demoItems = ['Notebook', 'Fountain pen', 'Desk lamp'];

export async function seedDemoData(
  client: pg.Client,
): Promise<{ userCreated: boolean; itemsCreated: number }> {
  const passwordHash = await hashPassword(demoUser.password);
  const user = await client.query(
    `INSERT INTO users (username, email, email_verified, name, password_hash)
     VALUES ($1, $2, true, $3, $4)
     ON CONFLICT (username) DO NOTHING`,
    [demoUser.username, demoUser.email, demoUser.name, passwordHash],
  );

  const items = await client.query(
    `INSERT INTO items (name)
     SELECT name FROM unnest($1::text[]) AS name
      WHERE NOT EXISTS (SELECT 1 FROM items)`,
    [demoItems],
  );
  return { userCreated: user.rowCount === 1, itemsCreated: items.rowCount ?? 0 };
}
