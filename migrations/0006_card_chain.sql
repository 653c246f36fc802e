-- Account key rotation: a person's card is replaced by a successor linked by
-- the old key (crypto/card-chain.ts). Every earlier card stays readable so a
-- client that trusted an old card (a pin, or a grant's bound card hash) can
-- follow the chain to the current one.

-- The link signature of the current card by its predecessor's key (NULL for a first card).
ALTER TABLE accounts ADD COLUMN card_link TEXT;

-- Every card an account has replaced, oldest first (seq from 1), with its own link.
CREATE TABLE card_history (
  account_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  card TEXT NOT NULL,                -- KeyCard JSON, stored verbatim
  link TEXT,
  PRIMARY KEY (account_id, seq)
) WITHOUT ROWID;
