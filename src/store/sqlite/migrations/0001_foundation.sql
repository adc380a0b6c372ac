-- Areas: the division tree of Shanghai (city → district → street → committee).
CREATE TABLE area (
	code        TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	level       TEXT NOT NULL CHECK (level IN ('city', 'district', 'street', 'committee')),
	parent_code TEXT REFERENCES area(code)
) WITHOUT ROWID;
CREATE INDEX area_parent ON area(parent_code, code);
CREATE INDEX area_name ON area(name);

-- Every (ancestor, descendant) pair, self included: the jurisdiction join.
CREATE TABLE area_closure (
	descendant TEXT NOT NULL REFERENCES area(code),
	ancestor   TEXT NOT NULL REFERENCES area(code),
	depth      INTEGER NOT NULL,
	PRIMARY KEY (descendant, ancestor)
) WITHOUT ROWID;
CREATE INDEX area_closure_ancestor ON area_closure(ancestor, descendant);

CREATE TABLE user (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('admin', 'district', 'street', 'committee_head', 'worker')),
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL
);

-- A user's jurisdiction: the areas at whose subtree its scope ends.
CREATE TABLE user_scope (
	user_id   INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
	area_code TEXT NOT NULL REFERENCES area(code),
	PRIMARY KEY (user_id, area_code)
) WITHOUT ROWID;

-- Sessions are kept under the hash of their token, never the token.
CREATE TABLE session (
	token_hash   TEXT PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_user ON session(user_id);

CREATE TABLE login_failure (
	id       INTEGER PRIMARY KEY,
	username TEXT NOT NULL,
	at       INTEGER NOT NULL
);
CREATE INDEX login_failure_name ON login_failure(username, at);

-- Every change and every login.  area_code places the entry in the tree so
-- that a district user reads only its own district's entries.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	user_id   INTEGER,
	username  TEXT,
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id TEXT,
	area_code TEXT NOT NULL REFERENCES area(code),
	detail    TEXT NOT NULL DEFAULT '{}',
	ip        TEXT
);
CREATE INDEX audit_area ON audit(area_code, id);
CREATE INDEX audit_user ON audit(user_id, id);
