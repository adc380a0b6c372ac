-- A coverage summary per active household (docs/performance.md, fact 7): what the
-- coverage report needs of each household, kept up to date as the register
-- and the visit log are written, so that a district's report reads one row per
-- household instead of its residents, tags, policy and visits.
--
-- Triggers only note which households changed (cov_dirty); store_commit()
-- rebuilds their rows just before the transaction commits (Q_COV_REBUILD in
-- queries.def holds the one definition of each column), so a bulk import or
-- the demo generator rebuilds each household once, not once per row.

CREATE TABLE household_cov (
	committee_code TEXT NOT NULL,
	household_id   INTEGER NOT NULL,
	grid_id        INTEGER,
	residents      INTEGER NOT NULL,       -- living members
	interval_days  INTEGER NOT NULL,       -- the strictest visit interval (policy × tags)
	tags           TEXT,                   -- tag names of the household and its living members
	days           BLOB,                   -- every visit date, ascending: sibai_days() in store.c
	PRIMARY KEY (committee_code, household_id)
) WITHOUT ROWID;
CREATE INDEX household_cov_household ON household_cov(household_id);

CREATE TABLE cov_dirty (household_id INTEGER PRIMARY KEY);

CREATE TRIGGER cov_household_ins AFTER INSERT ON household BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (NEW.id);
END;
CREATE TRIGGER cov_household_upd AFTER UPDATE OF status, committee_code, grid_id ON household BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (NEW.id);
END;
CREATE TRIGGER cov_household_del AFTER DELETE ON household BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (OLD.id);
END;

CREATE TRIGGER cov_resident_ins AFTER INSERT ON resident BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (NEW.household_id);
END;
CREATE TRIGGER cov_resident_upd AFTER UPDATE OF status, household_id ON resident BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (OLD.household_id);
	INSERT OR IGNORE INTO cov_dirty VALUES (NEW.household_id);
END;
CREATE TRIGGER cov_resident_del AFTER DELETE ON resident BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (OLD.household_id);
END;

CREATE TRIGGER cov_resident_tag_ins AFTER INSERT ON resident_tag BEGIN
	INSERT OR IGNORE INTO cov_dirty SELECT household_id FROM resident WHERE id = NEW.resident_id;
END;
CREATE TRIGGER cov_resident_tag_upd AFTER UPDATE OF resident_id, tag_id ON resident_tag BEGIN
	INSERT OR IGNORE INTO cov_dirty SELECT household_id FROM resident WHERE id = OLD.resident_id;
	INSERT OR IGNORE INTO cov_dirty SELECT household_id FROM resident WHERE id = NEW.resident_id;
END;
CREATE TRIGGER cov_resident_tag_del AFTER DELETE ON resident_tag BEGIN
	INSERT OR IGNORE INTO cov_dirty SELECT household_id FROM resident WHERE id = OLD.resident_id;
END;

CREATE TRIGGER cov_household_tag_ins AFTER INSERT ON household_tag BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (NEW.household_id);
END;
CREATE TRIGGER cov_household_tag_upd AFTER UPDATE OF household_id, tag_id ON household_tag BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (OLD.household_id);
	INSERT OR IGNORE INTO cov_dirty VALUES (NEW.household_id);
END;
CREATE TRIGGER cov_household_tag_del AFTER DELETE ON household_tag BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (OLD.household_id);
END;

CREATE TRIGGER cov_visit_ins AFTER INSERT ON visit BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (NEW.household_id);
END;
CREATE TRIGGER cov_visit_upd AFTER UPDATE OF household_id, visited_on ON visit BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (OLD.household_id);
	INSERT OR IGNORE INTO cov_dirty VALUES (NEW.household_id);
END;
CREATE TRIGGER cov_visit_del AFTER DELETE ON visit BEGIN
	INSERT OR IGNORE INTO cov_dirty VALUES (OLD.household_id);
END;

-- A committee's policy touches all its households; a tag's default interval
-- or name every household that carries it.
CREATE TRIGGER cov_policy_ins AFTER INSERT ON visit_policy BEGIN
	INSERT OR IGNORE INTO cov_dirty SELECT id FROM household WHERE committee_code = NEW.committee_code;
END;
CREATE TRIGGER cov_policy_upd AFTER UPDATE ON visit_policy BEGIN
	INSERT OR IGNORE INTO cov_dirty SELECT id FROM household WHERE committee_code = OLD.committee_code;
	INSERT OR IGNORE INTO cov_dirty SELECT id FROM household WHERE committee_code = NEW.committee_code;
END;
CREATE TRIGGER cov_policy_del AFTER DELETE ON visit_policy BEGIN
	INSERT OR IGNORE INTO cov_dirty SELECT id FROM household WHERE committee_code = OLD.committee_code;
END;
CREATE TRIGGER cov_tag_upd AFTER UPDATE OF visit_interval_days, name ON tag BEGIN
	INSERT OR IGNORE INTO cov_dirty
		SELECT r.household_id FROM resident_tag rt JOIN resident r ON r.id = rt.resident_id
		WHERE rt.tag_id = NEW.id;
	INSERT OR IGNORE INTO cov_dirty SELECT household_id FROM household_tag WHERE tag_id = NEW.id;
END;

-- Every household of an existing database is rebuilt when this migration commits.
INSERT INTO cov_dirty SELECT id FROM household;
