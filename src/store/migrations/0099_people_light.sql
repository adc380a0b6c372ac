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
