-- The visit policy's coverage triggers (0008) relied on INSERT OR IGNORE; but
-- a statement's own conflict clause overrides a trigger's, so the second
-- PUT /api/v1/visit-policy of a committee with households (an upsert, whose
-- UPDATE fires cov_policy_upd, noting each household twice) failed with a
-- constraint error (409).  The triggers now note only households not yet
-- noted.
DROP TRIGGER cov_policy_ins;
DROP TRIGGER cov_policy_upd;
DROP TRIGGER cov_policy_del;
CREATE TRIGGER cov_policy_ins AFTER INSERT ON visit_policy BEGIN
	INSERT INTO cov_dirty SELECT h.id FROM household h WHERE h.committee_code = NEW.committee_code
		AND NOT EXISTS (SELECT 1 FROM cov_dirty d WHERE d.household_id = h.id);
END;
CREATE TRIGGER cov_policy_upd AFTER UPDATE ON visit_policy BEGIN
	INSERT INTO cov_dirty SELECT h.id FROM household h
		WHERE h.committee_code IN (OLD.committee_code, NEW.committee_code)
		AND NOT EXISTS (SELECT 1 FROM cov_dirty d WHERE d.household_id = h.id);
END;
CREATE TRIGGER cov_policy_del AFTER DELETE ON visit_policy BEGIN
	INSERT INTO cov_dirty SELECT h.id FROM household h WHERE h.committee_code = OLD.committee_code
		AND NOT EXISTS (SELECT 1 FROM cov_dirty d WHERE d.household_id = h.id);
END;
