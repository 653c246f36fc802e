-- Consent to shares: grantee-signed acceptance records, stored verbatim and
-- verified by every client (the server checks them on write only to refuse
-- junk early; clients never trust that check).

-- A grantee's acceptance of one grant (AcceptanceRecord JSON).
CREATE TABLE acceptances (
  grantee_id TEXT NOT NULL,
  secret_id TEXT NOT NULL,
  record TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (grantee_id, secret_id)
) WITHOUT ROWID;

-- A grantee's standing acceptance of every share of one owner (OwnerAcceptanceRecord JSON).
CREATE TABLE owner_acceptances (
  grantee_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  record TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (grantee_id, owner_id)
) WITHOUT ROWID;
