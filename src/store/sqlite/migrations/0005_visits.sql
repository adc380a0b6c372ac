-- Grids and visits (走百家门): grids of buildings or single households, the
-- workers assigned to them over time, the visit log with its corrections, the
-- visit policy, a summary of each household's visits kept on write, the
-- reception roster (330工作法) and the secret calendar-feed tokens.

CREATE TABLE grid (
	id             INTEGER PRIMARY KEY,
	committee_code TEXT NOT NULL REFERENCES area(code),
	name           TEXT NOT NULL,
	created_at     INTEGER NOT NULL,
	UNIQUE (committee_code, name)
);

-- A building's grid; its households follow it unless placed one by one.
ALTER TABLE building ADD COLUMN grid_id INTEGER REFERENCES grid(id);
-- household.grid_id (from 0002) is the household's grid; household_in_grid
-- marks the households placed one by one (they keep their grid when their
-- building's grid changes).
CREATE TABLE household_in_grid (
	household_id INTEGER PRIMARY KEY REFERENCES household(id),
	grid_id      INTEGER NOT NULL REFERENCES grid(id)
);
CREATE INDEX household_grid ON household(grid_id, status);

CREATE TABLE grid_assignment (
	id         INTEGER PRIMARY KEY,
	grid_id    INTEGER NOT NULL REFERENCES grid(id),
	worker_id  INTEGER NOT NULL REFERENCES user(id),
	start_on   TEXT NOT NULL,
	end_on     TEXT,
	created_by INTEGER,
	created_at INTEGER NOT NULL
);
CREATE INDEX grid_assignment_grid ON grid_assignment(grid_id, start_on);
CREATE INDEX grid_assignment_worker ON grid_assignment(worker_id, start_on);

-- Per committee: the staffing quota (社工额度) in households per worker.
CREATE TABLE committee_setting (
	committee_code        TEXT PRIMARY KEY REFERENCES area(code),
	households_per_worker INTEGER NOT NULL DEFAULT 300
) WITHOUT ROWID;

CREATE TABLE visit (
	id             INTEGER PRIMARY KEY,
	household_id   INTEGER NOT NULL REFERENCES household(id),
	committee_code TEXT NOT NULL REFERENCES area(code),
	worker_id      INTEGER NOT NULL REFERENCES user(id),
	visited_at     INTEGER NOT NULL,       -- unix seconds
	visited_on     TEXT NOT NULL,          -- the date in Asia/Shanghai
	minute_of_day  INTEGER NOT NULL,       -- Asia/Shanghai, for the 15:30 report
	channel        TEXT NOT NULL CHECK (channel IN ('home', 'phone', 'street', 'office', 'online')),
	residents_met  TEXT NOT NULL DEFAULT '[]',
	observed       TEXT,
	heard          TEXT,
	asked          TEXT,
	needs          TEXT,
	follow_up_on   TEXT,
	issue_ids      TEXT NOT NULL DEFAULT '[]',
	services       TEXT NOT NULL DEFAULT '[]',
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);
CREATE INDEX visit_household ON visit(household_id, visited_on);
-- The household's latest visit, for its summary (household_visit_state).
CREATE INDEX visit_household_at ON visit(household_id, visited_at);
CREATE INDEX visit_committee ON visit(committee_code, visited_on);
CREATE INDEX visit_worker ON visit(worker_id, visited_on);

CREATE TABLE visit_change (
	id       INTEGER PRIMARY KEY,
	visit_id INTEGER NOT NULL REFERENCES visit(id),
	at       INTEGER NOT NULL,
	user_id  INTEGER,
	username TEXT,
	changes  TEXT NOT NULL
);
CREATE INDEX visit_change_visit ON visit_change(visit_id, id);

-- The last visit and the follow-up date of each household, kept as visits are
-- written, so that plans and coverage never scan the visit log (docs/performance.md, fact 7).
CREATE TABLE household_visit_state (
	household_id  INTEGER PRIMARY KEY REFERENCES household(id),
	last_visit_on TEXT,
	last_visit_id INTEGER,
	follow_up_on  TEXT,
	visits        INTEGER NOT NULL DEFAULT 0
);

-- A committee's own intervals: per tag, or '*' for everyone else.
CREATE TABLE visit_policy (
	committee_code TEXT NOT NULL REFERENCES area(code),
	tag_name       TEXT NOT NULL,
	interval_days  INTEGER NOT NULL CHECK (interval_days BETWEEN 1 AND 3660),
	PRIMARY KEY (committee_code, tag_name)
) WITHOUT ROWID;

CREATE TABLE reception_duty (
	committee_code TEXT NOT NULL REFERENCES area(code),
	date           TEXT NOT NULL,
	worker_id      INTEGER NOT NULL REFERENCES user(id),
	edited         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (committee_code, date)
) WITHOUT ROWID;

CREATE TABLE ics_token (
	user_id    INTEGER PRIMARY KEY REFERENCES user(id),
	token_hash TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);
