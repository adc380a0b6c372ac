-- The checking list (核查; docs/checking.md): a file of population data a
-- street (or a district, or a committee head) sends down is compared with the
-- register, not imported; each committee gets its items to check by the door.
-- ID and phone numbers are kept as the register keeps them: sealed, and masked
-- for display; never in clear.
CREATE TABLE check_batch (
	id         INTEGER PRIMARY KEY,
	area_code  TEXT NOT NULL REFERENCES area(code),
	file_name  TEXT,
	rows       INTEGER NOT NULL,
	rejected   INTEGER NOT NULL,
	created_by INTEGER NOT NULL REFERENCES user(id),
	created_at INTEGER NOT NULL,
	complete   INTEGER NOT NULL DEFAULT 0 -- 1 once every item is written
);

-- The committees a file covers, with what needed no checking.
CREATE TABLE check_committee (
	batch_id       INTEGER NOT NULL REFERENCES check_batch(id),
	committee_code TEXT NOT NULL REFERENCES area(code),
	rows           INTEGER NOT NULL,
	unchanged      INTEGER NOT NULL,
	PRIMARY KEY (batch_id, committee_code)
) WITHOUT ROWID;
CREATE INDEX check_committee_code ON check_committee(committee_code, batch_id);

CREATE TABLE check_item (
	id             INTEGER PRIMARY KEY,
	batch_id       INTEGER NOT NULL REFERENCES check_batch(id),
	committee_code TEXT NOT NULL REFERENCES area(code),
	kind           TEXT NOT NULL CHECK (kind IN ('new', 'changed', 'missing')),
	state          TEXT NOT NULL DEFAULT 'open'
	               CHECK (state IN ('open', 'confirmed', 'not_found', 'moved_away', 'corrected')),
	line           INTEGER,            -- the file's line; NULL for a missing person
	resident_id    INTEGER REFERENCES resident(id),
	household_id   INTEGER REFERENCES household(id),
	name           TEXT NOT NULL,
	compound       TEXT,
	building       TEXT,
	room           TEXT,
	proposed       TEXT,               -- JSON: the file's values (numbers masked)
	changes        TEXT,               -- JSON: {field: {old, new}} (numbers masked)
	id_box         BLOB,               -- the file's ID number, sealed
	phone_box      BLOB,               -- the file's phone number, sealed
	note           TEXT,
	marked_by      INTEGER REFERENCES user(id),
	marked_at      INTEGER
);
CREATE INDEX check_item_batch ON check_item(batch_id, committee_code, state, id);
CREATE INDEX check_item_household ON check_item(household_id, state);

-- The mapping of a file's columns to fields, remembered per area and header
-- (the header's normalised texts, sorted, joined by "|").
CREATE TABLE import_mapping (
	area_code  TEXT NOT NULL REFERENCES area(code),
	header_key TEXT NOT NULL,
	mapping    TEXT NOT NULL,           -- JSON {header: field or "ignore"}
	updated_by INTEGER NOT NULL REFERENCES user(id),
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (area_code, header_key)
) WITHOUT ROWID;
