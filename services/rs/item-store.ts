import type { Pool } from '../shared/db-pool.ts';

export type Item = { id: number; name: string; createdAt: string };

export async function listItems(pool: Pool, limit = 100): Promise<Item[]> {
  const { rows } = await pool.query<{ id: number; name: string; created_at: Date }>(
    'SELECT id, name, created_at FROM items ORDER BY id LIMIT $1',
    [limit],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
  }));
}
