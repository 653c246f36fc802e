-- Format v2 access lists: the owner-signed list of a secret's grantees
-- (AccessListRecord JSON, stored verbatim) and its counter, the
-- compare-and-swap target of PUT .../access-list; every version records the
-- counter of the list it was wrapped under (signed by its author).
ALTER TABLE secrets ADD COLUMN list_counter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE secrets ADD COLUMN list TEXT;
ALTER TABLE versions ADD COLUMN list INTEGER NOT NULL DEFAULT 0;
