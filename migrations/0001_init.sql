-- latchkey schema v1. The server stores only ciphertext, wraps, signatures,
-- public key cards and hashes of credentials; never a value or a private key.

-- Persons and machines. `card` is the self-signed KeyCard JSON, stored verbatim.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  handle TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('person', 'machine', 'group')),
  card TEXT NOT NULL,
  kdf TEXT,                          -- WireKdfParams JSON (persons only)
  keyring TEXT,                      -- sealed private keyring, base64url (persons only)
  auth_hash TEXT NOT NULL,           -- base64url SHA-256(authKey)
  owner_id TEXT,                     -- the person who created a machine
  name TEXT,                         -- a machine's display name
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_owner_name ON accounts (owner_id, name) WHERE owner_id IS NOT NULL;

-- Bearer sessions: only SHA-256(token) is stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,       -- base64url SHA-256 of the token bytes
  account_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Failed-login counters (fixed window) keyed by 'handle:<h>' / 'addr:<ip>'.
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  window_start INTEGER NOT NULL
);

-- One row per secret; `version` is the latest version number (compare-and-swap target).
-- `grant_epoch` changes on every grant/revoke so a version written against an
-- outdated recipient list is refused.
CREATE TABLE secrets (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  name TEXT NOT NULL,
  provider TEXT,
  version INTEGER NOT NULL,
  grant_epoch INTEGER NOT NULL DEFAULT 0,
  rotate INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (owner_id, name)
);

-- Every version's envelope: ciphertext (base64url) and the author's signature.
CREATE TABLE versions (
  secret_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  ciphertext TEXT NOT NULL,
  ciphertext_hash TEXT NOT NULL,
  author_id TEXT NOT NULL,
  time INTEGER NOT NULL,
  prev TEXT,
  signature TEXT NOT NULL,
  author_grant TEXT,                 -- owner-signed GrantRecord JSON when the author is a write grantee
  PRIMARY KEY (secret_id, version)
) WITHOUT ROWID;

-- The data key of a version sealed to one recipient.
CREATE TABLE wraps (
  secret_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  wrap TEXT NOT NULL,
  PRIMARY KEY (secret_id, version, recipient)
) WITHOUT ROWID;
CREATE INDEX wraps_recipient ON wraps (recipient, secret_id, version);

-- Owner-signed GrantRecord JSON, stored verbatim.
CREATE TABLE grants (
  secret_id TEXT NOT NULL,
  grantee_id TEXT NOT NULL,
  access TEXT NOT NULL CHECK (access IN ('read', 'write')),
  record TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (secret_id, grantee_id)
) WITHOUT ROWID;
CREATE INDEX grants_grantee ON grants (grantee_id, secret_id);

-- Append-only: who did what to which secret, when. Visible to the actor and
-- to the secret's owner (kept after the secret is deleted).
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  actor_id TEXT NOT NULL,
  actor_handle TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  owner_id TEXT,                     -- owner of the secret (or of the machine) concerned
  action TEXT NOT NULL,
  secret_id TEXT,
  subject_id TEXT,                   -- the other account concerned (grantee, machine)
  at INTEGER NOT NULL
);
CREATE INDEX audit_actor ON audit (actor_id, id);
CREATE INDEX audit_owner ON audit (owner_id, id) WHERE owner_id IS NOT NULL;

-- Server-wide values generated on first use (e.g. the fake-salt HMAC secret).
CREATE TABLE server_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The benchmark route reads this single row.
INSERT INTO server_meta (key, value) VALUES ('schema', '1');
