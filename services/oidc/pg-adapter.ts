import type { Adapter, AdapterPayload } from 'oidc-provider';

import type { Pool } from '../shared/db-pool.ts';

// oidc-provider storage in one table, `oidc_payloads`, keyed by (type, id): every replica of authz
// and idp reads and writes the same rows, so any replica can continue any flow. Expired rows are
// invisible at once and deleted later by `deleteExpiredPayloads`.
export function createPgAdapterFactory(pool: Pool): (model: string) => Adapter {
  return (model) => new PgAdapter(pool, model);
}

class PgAdapter implements Adapter {
  readonly #pool: Pool;
  readonly #type: string;

  constructor(pool: Pool, type: string) {
    this.#pool = pool;
    this.#type = type;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    await this.#pool.query(
      `INSERT INTO oidc_payloads (id, type, payload, grant_id, user_code, uid, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id, type) DO UPDATE
         SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
             user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
      [
        id,
        this.#type,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.userCode ?? null,
        payload.uid ?? null,
        expiresAt,
      ],
    );
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.#findOne('id = $2', id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#findOne('uid = $2', uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#findOne('user_code = $2', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.#pool.query(
      `UPDATE oidc_payloads SET consumed_at = now() WHERE id = $1 AND type = $2`,
      [id, this.#type],
    );
  }

  async destroy(id: string): Promise<void> {
    await this.#pool.query(`DELETE FROM oidc_payloads WHERE id = $1 AND type = $2`, [
      id,
      this.#type,
    ]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.#pool.query(`DELETE FROM oidc_payloads WHERE grant_id = $1 AND type = $2`, [
      grantId,
      this.#type,
    ]);
  }

  async #findOne(condition: string, value: string): Promise<AdapterPayload | undefined> {
    const { rows } = await this.#pool.query<{ payload: AdapterPayload; consumed: number | null }>(
      `SELECT payload, floor(extract(epoch FROM consumed_at))::int AS consumed
         FROM oidc_payloads
        WHERE type = $1 AND ${condition} AND (expires_at IS NULL OR expires_at > now())`,
      [this.#type, value],
    );
    const row = rows[0];
    if (!row) return undefined;
    // oidc-provider reads `consumed` (epoch seconds) from the payload to detect reuse, e.g. of a
    // rotated refresh token or an authorization code.
    return row.consumed === null ? row.payload : { ...row.payload, consumed: row.consumed };
  }
}

// Returns the number of rows removed. Runs on a timer in authz; several replicas running it at
// once only compete for the same rows, which is harmless.
export async function deleteExpiredPayloads(pool: Pool): Promise<number> {
  const result = await pool.query(
    `DELETE FROM oidc_payloads WHERE expires_at < now() - interval '1 hour'`,
  );
  return result.rowCount ?? 0;
}
