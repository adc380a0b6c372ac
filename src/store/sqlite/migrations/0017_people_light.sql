-- Light accounts for building leaders and volunteers (docs/accounts.md,
-- "Light accounts"): a user of role helper works in named buildings of one
-- committee, and nowhere else.
--
-- The role is added to user.role's CHECK.  SQLite cannot alter a CHECK, and
-- rebuilding the table would run the ON DELETE CASCADE of every table that
-- names a user; the documented way for a change that leaves the stored
-- rows valid is to edit the table's definition in place (sqlite.org,
-- "ALTER TABLE", making other kinds of table schema changes).  The CREATE
-- TABLE below changes the schema cookie in the same transaction, so every
-- other connection reads the new definition.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''committee_head'', ''worker'')',
	'''committee_head'', ''worker'', ''helper'')')
WHERE type = 'table' AND name = 'user';
PRAGMA writable_schema = OFF;

-- The buildings a helper works in (all of them in its committee).
CREATE TABLE helper_building (
	user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
	building_id INTEGER NOT NULL REFERENCES building(id),
	PRIMARY KEY (user_id, building_id)
) WITHOUT ROWID;
CREATE INDEX helper_building_building ON helper_building(building_id);

-- Duties and gate shifts over night and weekends (docs/campaigns.md, "Hours"):
-- a duty has a start and an end time of day in Asia/Shanghai, in minutes
-- after midnight; an end at or before the start is on the next day (08:00 →
-- 08:00 is 24 hours).  Duties made before keep the office day, 08:30 → 17:00.
-- The kind gate_shift (门岗值守) is added to duty.kind's CHECK the same way as
-- the role above.
ALTER TABLE duty ADD COLUMN start_minute INTEGER NOT NULL DEFAULT 510 CHECK (start_minute BETWEEN 0 AND 1439);
ALTER TABLE duty ADD COLUMN end_minute INTEGER NOT NULL DEFAULT 1020 CHECK (end_minute BETWEEN 0 AND 1439);
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''hazard_check'', ''delivery'')',
	'''hazard_check'', ''delivery'', ''gate_shift'')')
WHERE type = 'table' AND name = 'duty';
PRAGMA writable_schema = OFF;

-- Attachments on meetings (docs/attachments.md): a 议事会's sign-in sheet
-- photo, its minutes.  owner_kind's CHECK gains 'meeting', the same way.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''issue'', ''campaign_target'')',
	'''issue'', ''campaign_target'', ''meeting'')')
WHERE type = 'table' AND name = 'attachment';
PRAGMA writable_schema = OFF;

-- Campaigns over buildings and compounds (docs/campaigns.md, "Units"): an
-- inspection (安全隐患, 垃圾分类) has a building or a compound as its target.
-- campaign.unit's CHECK gains them, and a target names a building or a
-- compound instead of a household: household_id may be NULL (both edits
-- leave every stored row valid; the same procedure as above).  The columns
-- are added first: ALTER TABLE ADD COLUMN edits the definition at an offset
-- it knows from the text as this connection read it.
ALTER TABLE campaign_target ADD COLUMN building_id INTEGER REFERENCES building(id);
ALTER TABLE campaign_target ADD COLUMN compound_id INTEGER REFERENCES compound(id);
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (unit IN (''household'', ''resident''))',
	'CHECK (unit IN (''household'', ''resident'', ''building'', ''compound''))')
WHERE type = 'table' AND name = 'campaign';
UPDATE sqlite_schema SET sql = replace(sql, 'household_id INTEGER NOT NULL REFERENCES household(id),',
	'household_id INTEGER REFERENCES household(id),')
WHERE type = 'table' AND name = 'campaign_target';
PRAGMA writable_schema = OFF;
CREATE UNIQUE INDEX campaign_target_building ON campaign_target(campaign_id, building_id)
	WHERE building_id IS NOT NULL;
CREATE UNIQUE INDEX campaign_target_compound ON campaign_target(campaign_id, compound_id)
	WHERE compound_id IS NOT NULL;

-- The edits above must all have applied (a definition changed since would
-- leave its replace() without effect): otherwise fail, and roll back.
SELECT CASE WHEN (SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND (
	(name = 'user' AND sql LIKE '%''worker'', ''helper'')%')
	OR (name = 'duty' AND sql LIKE '%''delivery'', ''gate_shift'')%')
	OR (name = 'attachment' AND sql LIKE '%''campaign_target'', ''meeting'')%')
	OR (name = 'campaign' AND sql LIKE '%''building'', ''compound'')%')
	OR (name = 'campaign_target' AND sql LIKE '%household_id INTEGER REFERENCES household(id),%'))) = 5
THEN 1 ELSE json('migration 0017: a table definition was not as expected') END;

-- A helper linked to its volunteer record (docs/accounts.md, "Light
-- accounts"): its visits and deliveries count in the volunteer totals.
ALTER TABLE volunteer ADD COLUMN user_id INTEGER REFERENCES user(id);
CREATE UNIQUE INDEX volunteer_user ON volunteer(user_id) WHERE user_id IS NOT NULL;
