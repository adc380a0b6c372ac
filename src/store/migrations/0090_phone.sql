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
