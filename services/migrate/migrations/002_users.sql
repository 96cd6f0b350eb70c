-- Up Migration
-- The user directory of idp. `id` is the OpenID `sub`; passwords are argon2id PHC strings.
CREATE TABLE users (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  username       text        NOT NULL UNIQUE CHECK (username = lower(username) AND username <> ''),
  email          text,
  email_verified boolean     NOT NULL DEFAULT false,
  name           text,
  password_hash  text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  disabled       boolean     NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz
);
