-- Photos and documents (docs/attachments.md) on visits, issues and campaign
-- targets.  The bytes are files named by their SHA-256 in the folder beside
-- the database (DB.files/); a row names its file, its thumbnail (images) and
-- the record it belongs to, whose reader may read it.  Taken off: the row
-- stays (removed_at), the file goes when no row names it any more.
CREATE TABLE attachment (
	id             INTEGER PRIMARY KEY,
	owner_kind     TEXT NOT NULL CHECK (owner_kind IN ('visit', 'issue', 'campaign_target')),
	owner_id       INTEGER NOT NULL,
	committee_code TEXT NOT NULL REFERENCES area(code),
	sha256         TEXT NOT NULL,
	thumb_sha256   TEXT,
	media_type     TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
	bytes          INTEGER NOT NULL,
	width          INTEGER,
	height         INTEGER,
	filename       TEXT NOT NULL,
	created_by     INTEGER NOT NULL REFERENCES user(id),
	created_at     INTEGER NOT NULL,
	removed_at     INTEGER,
	removed_by     INTEGER REFERENCES user(id)
);
CREATE INDEX attachment_owner ON attachment(owner_kind, owner_id, id);
CREATE INDEX attachment_sha ON attachment(sha256);
