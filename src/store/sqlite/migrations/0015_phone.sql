-- The worker's phone in the field (issue 18).
--
-- Idempotency keys (docs/api.md, "Idempotency-Key"): the first answer to a
-- client's keyed write, kept 24 hours so that a retry of the same key is
-- answered it again and writes nothing.  Written in the same transaction as
-- the write it answers.  Keys are per user.
CREATE TABLE idempotency_key (
	user_id INTEGER NOT NULL,
	key TEXT NOT NULL,
	method TEXT NOT NULL,
	path TEXT NOT NULL,
	body_hash BLOB NOT NULL,
	status INTEGER NOT NULL,
	content_type TEXT,
	headers TEXT NOT NULL DEFAULT '[]',
	body BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_key_created ON idempotency_key(created_at);

-- A worker's daily capacity for the plan (docs/visits.md, "A day a person
-- can walk"): households a day, set by the committee head; none kept means
-- the default (core/plan.h, PLAN_DEFAULT_CAPACITY).
CREATE TABLE worker_plan (
	user_id INTEGER PRIMARY KEY REFERENCES user(id),
	households_per_day INTEGER NOT NULL CHECK (households_per_day BETWEEN 1 AND 60)
);

-- A resident's emergency contact (紧急联系人) and carer (照料人): name,
-- relation, phone; the phones stored like the resident's own (encrypted,
-- a blind index, a mask).
ALTER TABLE resident ADD COLUMN emergency_name TEXT;
ALTER TABLE resident ADD COLUMN emergency_relation TEXT;
ALTER TABLE resident ADD COLUMN emergency_phone_enc BLOB;
ALTER TABLE resident ADD COLUMN emergency_phone_idx TEXT;
ALTER TABLE resident ADD COLUMN emergency_phone_mask TEXT;
ALTER TABLE resident ADD COLUMN carer_name TEXT;
ALTER TABLE resident ADD COLUMN carer_relation TEXT;
ALTER TABLE resident ADD COLUMN carer_phone_enc BLOB;
ALTER TABLE resident ADD COLUMN carer_phone_idx TEXT;
ALTER TABLE resident ADD COLUMN carer_phone_mask TEXT;

-- Finding people at the counter (docs/register.md, "Search"): the address
-- in the search index is held as its search key (sibai_addr: full-width
-- digits made ASCII, spaces dropped, 号楼/幢/栋/-/# written 号, 室 dropped), so
-- that "12号 301", "12号楼301", "12-301" and "１２号301" find 12号301室.
DELETE FROM resident_fts;
INSERT INTO resident_fts (rowid, name, address)
	SELECT r.id, r.name, sibai_addr(c.name || b.label || h.room)
	FROM resident r JOIN household h ON h.id = r.household_id
	JOIN building b ON b.id = h.building_id JOIN compound c ON c.id = b.compound_id;
