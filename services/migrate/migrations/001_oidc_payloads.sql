-- Up Migration
-- oidc-provider's storage (services/oidc/pg-adapter.ts): one row per model instance.
CREATE TABLE oidc_payloads (
  id          text        NOT NULL,
  type        text        NOT NULL,
  payload     jsonb       NOT NULL,
  grant_id    text,
  user_code   text,
  uid         text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (id, type)
);

-- Lookups the adapter makes besides the primary key: revocation by grant, sessions by uid,
-- device codes by user code, and the expiry sweep.
CREATE INDEX oidc_payloads_grant_id ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_payloads_uid ON oidc_payloads (uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_payloads_user_code ON oidc_payloads (user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_payloads_expires_at ON oidc_payloads (expires_at) WHERE expires_at IS NOT NULL;
