-- Signed pin lists: each person's own list of the key cards it pinned
-- (PinListRecord JSON, stored verbatim) and its counter, the compare-and-swap
-- target of PUT /v1/me/pins. Machines read their creator's list.
CREATE TABLE pin_lists (
  account_id TEXT PRIMARY KEY,
  counter INTEGER NOT NULL,
  list TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
