-- The household register: compounds, buildings, households, residents, tags,
-- their history, and the text index for search.

CREATE TABLE compound (
	id               INTEGER PRIMARY KEY,
	committee_code   TEXT NOT NULL REFERENCES area(code),
	name             TEXT NOT NULL,
	kind             TEXT NOT NULL CHECK (kind IN ('commercial', 'sold_public', 'old_public', 'relocation', 'other')),
	built_year       INTEGER,
	property_manager TEXT,
	UNIQUE (committee_code, name)
);

CREATE TABLE building (
	id             INTEGER PRIMARY KEY,
	compound_id    INTEGER NOT NULL REFERENCES compound(id),
	committee_code TEXT NOT NULL REFERENCES area(code),
	label          TEXT NOT NULL,
	floors         INTEGER,
	has_lift       INTEGER NOT NULL DEFAULT 0,
	UNIQUE (compound_id, label)
);

CREATE TABLE household (
	id             INTEGER PRIMARY KEY,
	building_id    INTEGER NOT NULL REFERENCES building(id),
	committee_code TEXT NOT NULL REFERENCES area(code),
	room           TEXT NOT NULL,
	floor          INTEGER,
	housing_kind   TEXT CHECK (housing_kind IN ('owned', 'rented', 'public_rent', 'other')),
	status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out')),
	grid_id        INTEGER,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX household_room ON household(building_id, room) WHERE status = 'active';
CREATE INDEX household_committee ON household(committee_code, building_id, floor, room);
CREATE INDEX household_building ON household(building_id, status);

CREATE TABLE resident (
	id              INTEGER PRIMARY KEY,
	household_id    INTEGER NOT NULL REFERENCES household(id),
	committee_code  TEXT NOT NULL REFERENCES area(code),
	name            TEXT NOT NULL,
	gender          TEXT CHECK (gender IN ('male', 'female')),
	birth_date      TEXT,
	id_number_enc   BLOB,
	id_number_idx   TEXT,
	id_number_mask  TEXT,
	phone_enc       BLOB,
	phone_idx       TEXT,
	phone_mask      TEXT,
	relation        TEXT CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other')),
	residence_kind  TEXT CHECK (residence_kind IN ('registered', 'resident', 'floating', 'separated')),
	work            TEXT,
	work_background TEXT,
	health          TEXT,
	hobbies         TEXT,
	skills          TEXT,
	party_member    INTEGER NOT NULL DEFAULT 0,
	lives_here      INTEGER NOT NULL DEFAULT 1,
	registered_here INTEGER NOT NULL DEFAULT 1,
	owns            INTEGER NOT NULL DEFAULT 0,
	status          TEXT NOT NULL DEFAULT 'living' CHECK (status IN ('living', 'moved_out', 'deceased')),
	status_date     TEXT,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
);
CREATE INDEX resident_household ON resident(household_id);
CREATE INDEX resident_committee ON resident(committee_code, status);
CREATE INDEX resident_id_number ON resident(id_number_idx) WHERE id_number_idx IS NOT NULL;
CREATE INDEX resident_phone ON resident(phone_idx) WHERE phone_idx IS NOT NULL;
CREATE INDEX resident_birth ON resident(birth_date);
CREATE INDEX resident_name ON resident(name);

CREATE TABLE tag (
	id                  INTEGER PRIMARY KEY,
	name                TEXT NOT NULL,
	category            TEXT NOT NULL CHECK (category IN ('vulnerable', 'veteran', 'talent', 'role', 'team', 'custom', 'derived')),
	committee_code      TEXT REFERENCES area(code),
	visit_interval_days INTEGER,
	review_days         INTEGER
);
CREATE UNIQUE INDEX tag_name ON tag(name, coalesce(committee_code, ''));

CREATE TABLE resident_tag (
	resident_id INTEGER NOT NULL REFERENCES resident(id),
	tag_id      INTEGER NOT NULL REFERENCES tag(id),
	set_by      INTEGER,
	set_at      INTEGER NOT NULL,
	review_on   TEXT,
	PRIMARY KEY (resident_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX resident_tag_tag ON resident_tag(tag_id, resident_id);

CREATE TABLE household_tag (
	household_id INTEGER NOT NULL REFERENCES household(id),
	tag_id       INTEGER NOT NULL REFERENCES tag(id),
	set_by       INTEGER,
	set_at       INTEGER NOT NULL,
	review_on    TEXT,
	PRIMARY KEY (household_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX household_tag_tag ON household_tag(tag_id, household_id);

-- The history of households and residents: one row per change.  sealed holds
-- the encrypted old and new values of ID and phone numbers (JSON of base64),
-- so that a rollback can restore them; changes shows them masked.
CREATE TABLE change (
	id             INTEGER PRIMARY KEY,
	at             INTEGER NOT NULL,
	user_id        INTEGER,
	username       TEXT,
	action         TEXT NOT NULL,
	entity         TEXT NOT NULL CHECK (entity IN ('household', 'resident')),
	entity_id      INTEGER NOT NULL,
	committee_code TEXT NOT NULL,
	changes        TEXT NOT NULL,
	sealed         TEXT
);
CREATE INDEX change_entity ON change(entity, entity_id, id);

-- Text search: names and addresses, substrings of 3+ characters through the
-- trigram tokenizer (rowid = resident id); two-character names through the
-- bigrams of resident_gram; one character by name prefix.
CREATE VIRTUAL TABLE resident_fts USING fts5(name, address, tokenize='trigram');
CREATE TABLE resident_gram (
	gram        TEXT NOT NULL,
	resident_id INTEGER NOT NULL,
	PRIMARY KEY (gram, resident_id)
) WITHOUT ROWID;
CREATE INDEX resident_gram_resident ON resident_gram(resident_id);

INSERT INTO tag (name, category, visit_interval_days, review_days) VALUES
	('独居老人', 'vulnerable', 7, NULL),
	('孤寡老人', 'vulnerable', 7, NULL),
	('空巢老人', 'vulnerable', 30, NULL),
	('困难家庭', 'vulnerable', 30, 365),
	('大病重病家庭', 'vulnerable', 14, NULL),
	('失独家庭', 'vulnerable', 30, NULL),
	('残障人士', 'vulnerable', 30, NULL),
	('老干部', 'veteran', 90, NULL),
	('老劳模', 'veteran', 90, NULL),
	('老党员', 'veteran', 90, NULL),
	('社区能人', 'talent', NULL, NULL),
	('楼组长', 'role', NULL, NULL),
	('志愿者', 'role', NULL, NULL),
	('红袖章', 'team', NULL, NULL),
	('高龄', 'derived', NULL, NULL);
