-- Groups: accounts of kind 'group' whose keys are wrapped to each member.
-- Membership lists are admin-signed and verified by every client; the server
-- checks them on write only to refuse junk and forks early.

-- Every membership list of a group, numbered; (group_id, seq) is the
-- compare-and-swap target: two admins writing list n+1 at once cannot both win.
CREATE TABLE group_lists (
  group_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  list TEXT NOT NULL,                -- MembershipList JSON, stored verbatim
  created_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, seq)
) WITHOUT ROWID;

-- The current members (those of the latest list) with the group seed of the
-- current epoch wrapped to each of them.
CREATE TABLE group_members (
  group_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  wrap TEXT NOT NULL,
  PRIMARY KEY (group_id, member_id)
) WITHOUT ROWID;
CREATE INDEX group_members_member ON group_members (member_id, group_id);
