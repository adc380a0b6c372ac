-- Campaigns (专项任务) over the register, the gate log (门岗登记), daily duties
-- (两两分组), training hours and the district's weights for the worker's
-- record (驾照式积分) and staffing formula (社工额度).  docs/campaigns.md.

CREATE TABLE campaign (
	id                  INTEGER PRIMARY KEY,
	committee_code      TEXT NOT NULL REFERENCES area(code),
	name                TEXT NOT NULL,
	unit                TEXT NOT NULL CHECK (unit IN ('household', 'resident')),
	filter              TEXT NOT NULL DEFAULT '{}', -- the register filter's JSON form
	fields              TEXT NOT NULL,              -- the checklist: JSON array of field specs
	status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended')),
	gate_retention_days INTEGER NOT NULL DEFAULT 30 CHECK (gate_retention_days BETWEEN 1 AND 3660),
	created_by          INTEGER REFERENCES user(id),
	created_at          INTEGER NOT NULL,
	ended_at            INTEGER
);
CREATE INDEX campaign_committee ON campaign(committee_code, id);

-- What the filter matched when the campaign was made: its households (or
-- residents, with their household), fixed so that 100 % means something.
CREATE TABLE campaign_target (
	id           INTEGER PRIMARY KEY,
	campaign_id  INTEGER NOT NULL REFERENCES campaign(id),
	household_id INTEGER NOT NULL REFERENCES household(id),
	resident_id  INTEGER REFERENCES resident(id),
	UNIQUE (campaign_id, household_id, resident_id)
);
CREATE INDEX campaign_target_campaign ON campaign_target(campaign_id, id);

-- The checklist of a target: one entry, rewritten as it is filled in.
CREATE TABLE campaign_entry (
	target_id   INTEGER PRIMARY KEY REFERENCES campaign_target(id),
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	entry       TEXT NOT NULL,          -- JSON object: field key → value
	done        INTEGER NOT NULL DEFAULT 0,
	done_at     INTEGER,                -- when it was first complete
	by_user     INTEGER NOT NULL REFERENCES user(id),
	updated_at  INTEGER NOT NULL
);
CREATE INDEX campaign_entry_user ON campaign_entry(by_user, done_at);
CREATE INDEX campaign_entry_campaign ON campaign_entry(campaign_id);

CREATE TABLE gate (
	id             INTEGER PRIMARY KEY,
	compound_id    INTEGER NOT NULL REFERENCES compound(id),
	committee_code TEXT NOT NULL REFERENCES area(code),
	name           TEXT NOT NULL,
	created_at     INTEGER NOT NULL,
	UNIQUE (compound_id, name)
);

-- A gate account: a user who may record at this one gate only.
CREATE TABLE gate_guard (
	user_id INTEGER PRIMARY KEY REFERENCES user(id),
	gate_id INTEGER NOT NULL REFERENCES gate(id)
);

-- Entries and exits.  No phone or ID number is kept (PIPL minimisation).
-- The personal fields (resident_id, name, from_place, purpose) are erased once the retention of the entry's campaign has passed
-- (30 days without one); erased_at says when.
CREATE TABLE gate_entry (
	id             INTEGER PRIMARY KEY,
	gate_id        INTEGER NOT NULL REFERENCES gate(id),
	committee_code TEXT NOT NULL REFERENCES area(code),
	campaign_id    INTEGER REFERENCES campaign(id),
	at             INTEGER NOT NULL,
	direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	person         TEXT NOT NULL CHECK (person IN ('resident', 'visitor')),
	resident_id    INTEGER REFERENCES resident(id),
	name           TEXT,
	from_place     TEXT,
	purpose        TEXT,
	recorded_by    INTEGER NOT NULL REFERENCES user(id),
	recorded_at    INTEGER NOT NULL,
	erased_at      INTEGER
);
CREATE INDEX gate_entry_gate ON gate_entry(gate_id, at);
CREATE INDEX gate_entry_live ON gate_entry(at) WHERE erased_at IS NULL;

-- A day's duties: one worker or a pair, a kind of task, the areas covered.
CREATE TABLE duty (
	id             INTEGER PRIMARY KEY,
	committee_code TEXT NOT NULL REFERENCES area(code),
	date           TEXT NOT NULL,
	kind           TEXT NOT NULL CHECK (kind IN ('patrol', 'registration', 'publicity', 'hazard_check', 'delivery')),
	campaign_id    INTEGER REFERENCES campaign(id),
	areas          TEXT NOT NULL DEFAULT '{}', -- {"grid_ids":[],"compound_ids":[],"building_ids":[]}
	note           TEXT,
	summary        TEXT,
	done_at        INTEGER,
	created_by     INTEGER REFERENCES user(id),
	created_at     INTEGER NOT NULL
);
CREATE INDEX duty_committee ON duty(committee_code, date);
CREATE TABLE duty_worker (
	duty_id   INTEGER NOT NULL REFERENCES duty(id),
	worker_id INTEGER NOT NULL REFERENCES user(id),
	PRIMARY KEY (duty_id, worker_id)
) WITHOUT ROWID;
CREATE INDEX duty_worker_worker ON duty_worker(worker_id, duty_id);

-- Training hours recorded by the street for a worker.
CREATE TABLE training (
	id          INTEGER PRIMARY KEY,
	worker_id   INTEGER NOT NULL REFERENCES user(id),
	area_code   TEXT NOT NULL REFERENCES area(code), -- the street that recorded it
	date        TEXT NOT NULL,
	hours       INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 24),
	topic       TEXT NOT NULL,
	recorded_by INTEGER REFERENCES user(id),
	created_at  INTEGER NOT NULL
);
CREATE INDEX training_worker ON training(worker_id, date);

-- Per district: the points of the worker's record and the staffing formula.
CREATE TABLE record_setting (
	district_code         TEXT PRIMARY KEY REFERENCES area(code),
	visit_on_time         INTEGER NOT NULL DEFAULT 1,
	issue_taken           INTEGER NOT NULL DEFAULT 2,
	issue_resolved        INTEGER NOT NULL DEFAULT 3,
	satisfaction          INTEGER NOT NULL DEFAULT 1,
	campaign_task         INTEGER NOT NULL DEFAULT 1,
	training_hour         INTEGER NOT NULL DEFAULT 2,
	households_per_worker INTEGER NOT NULL DEFAULT 300,
	updated_at            INTEGER
) WITHOUT ROWID;
