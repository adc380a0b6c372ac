-- Projects with stages and a signing tracker, notices to residents with
-- their delivery queue, and the committee's phone for printed receipts
-- (docs/consultation.md, "Projects"; docs/notices.md).

-- A project's funding source (e.g. 市区两级补贴 + 业主自筹) and, for works
-- that need the households' signatures (加装电梯), the threshold as a
-- fraction: a building reaches it when signed × den ≥ all × num.
ALTER TABLE project ADD COLUMN funding_source TEXT;
ALTER TABLE project ADD COLUMN sign_num INTEGER CHECK (sign_num IS NULL OR sign_num >= 1);
ALTER TABLE project ADD COLUMN sign_den INTEGER CHECK (sign_den IS NULL OR sign_den >= 1);

-- The six stages of every project, 提出 → 调研 → 议事 → 表决 → 实施 → 验收,
-- each with planned and actual dates (YYYY-MM-DD, Shanghai) and an owner.
CREATE TABLE project_stage (
	project_id    INTEGER NOT NULL REFERENCES project(id),
	seq           INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 6),
	stage         TEXT NOT NULL CHECK (stage IN ('proposal', 'research', 'deliberation', 'vote',
	                                             'implementation', 'acceptance')),
	planned_start TEXT,
	planned_end   TEXT,
	actual_start  TEXT,
	actual_end    TEXT,
	owner_id      INTEGER REFERENCES user(id),
	note          TEXT,
	updated_at    INTEGER,
	PRIMARY KEY (project_id, seq)
) WITHOUT ROWID;
INSERT INTO project_stage (project_id, seq, stage)
	SELECT p.id, s.seq, s.stage FROM project p,
	(SELECT 1 AS seq, 'proposal' AS stage UNION ALL SELECT 2, 'research'
	 UNION ALL SELECT 3, 'deliberation' UNION ALL SELECT 4, 'vote'
	 UNION ALL SELECT 5, 'implementation' UNION ALL SELECT 6, 'acceptance') s;

-- The buildings whose households sign, and the households that signed
-- (ticked by a worker).
CREATE TABLE project_building (
	project_id  INTEGER NOT NULL REFERENCES project(id),
	building_id INTEGER NOT NULL REFERENCES building(id),
	PRIMARY KEY (project_id, building_id)
) WITHOUT ROWID;
CREATE TABLE project_signature (
	project_id   INTEGER NOT NULL REFERENCES project(id),
	household_id INTEGER NOT NULL REFERENCES household(id),
	signed_by    INTEGER NOT NULL REFERENCES user(id),
	signed_at    INTEGER NOT NULL,
	PRIMARY KEY (project_id, household_id)
) WITHOUT ROWID;

-- Surveys of the project (its 调研), on the timeline.
CREATE TABLE project_survey (
	project_id INTEGER NOT NULL REFERENCES project(id),
	survey_id  INTEGER NOT NULL REFERENCES survey(id),
	linked_at  INTEGER NOT NULL,
	PRIMARY KEY (project_id, survey_id)
) WITHOUT ROWID;

-- The committee's phone, printed on receipts and notices.
ALTER TABLE committee_setting ADD COLUMN phone TEXT;

-- A notice (公告) to residents: its audience resolved to buildings when it
-- is published; a link per building (and one for the whole notice,
-- building_id NULL) whose token is derived from the key file, so that a
-- poster can be printed again, and whose reads are counted.
CREATE TABLE notice (
	id             INTEGER PRIMARY KEY,
	committee_code TEXT NOT NULL REFERENCES area(code),
	title          TEXT NOT NULL,
	body           TEXT NOT NULL,
	urgent         INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
	audience       TEXT NOT NULL,
	expires_at     INTEGER,
	survey_id      INTEGER REFERENCES survey(id),
	meeting_id     INTEGER REFERENCES meeting(id),
	withdrawn_at   INTEGER,
	created_by     INTEGER NOT NULL REFERENCES user(id),
	created_at     INTEGER NOT NULL
);
CREATE INDEX notice_committee ON notice(committee_code, id);
CREATE TABLE notice_link (
	id          INTEGER PRIMARY KEY,
	notice_id   INTEGER NOT NULL REFERENCES notice(id),
	building_id INTEGER REFERENCES building(id),
	token_hash  TEXT NOT NULL UNIQUE,
	reads       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notice_link_notice ON notice_link(notice_id, building_id);

-- Deliveries through the outgoing webhook: written in the notice's own
-- transaction, taken off once the receiver answered 2xx.  A restart keeps
-- what was not delivered.
CREATE TABLE webhook_outbox (
	id          INTEGER PRIMARY KEY,
	event       TEXT NOT NULL,
	payload     TEXT NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_at     INTEGER NOT NULL,
	last_error  TEXT,
	created_at  INTEGER NOT NULL,
	delivered_at INTEGER
);
CREATE INDEX webhook_outbox_due ON webhook_outbox(next_at) WHERE delivered_at IS NULL;

-- Documents of a project (a plan, signed consent forms, the acceptance
-- certificate): `project` becomes an owner kind of attachments (besides
-- `meeting`, which 0017 added).  The kinds
-- are a CHECK constraint, so the table is made again (nothing refers to it).
CREATE TABLE attachment_new (
	id             INTEGER PRIMARY KEY,
	owner_kind     TEXT NOT NULL CHECK (owner_kind IN ('visit', 'issue', 'campaign_target', 'meeting', 'project')),
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
INSERT INTO attachment_new SELECT id, owner_kind, owner_id, committee_code, sha256, thumb_sha256,
	media_type, bytes, width, height, filename, created_by, created_at, removed_at, removed_by
	FROM attachment;
DROP TABLE attachment;
ALTER TABLE attachment_new RENAME TO attachment;
CREATE INDEX attachment_owner ON attachment(owner_kind, owner_id, id);
CREATE INDEX attachment_sha ON attachment(sha256);
