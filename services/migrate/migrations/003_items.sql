-- Up Migration
-- The resource server's data behind GET /api/items.
CREATE TABLE items (
  id         integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
