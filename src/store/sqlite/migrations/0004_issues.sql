-- Residents' problems (解百家忧): categories with their deadlines, issues,
-- their timeline, one-time feedback links and the Open311 api keys.

-- A category is also the Open311 service_code.  Deadlines are in working
-- days (the calendar_day table), one per level, and a shorter one for
-- urgent issues (马上办) at any level.
CREATE TABLE issue_category (
	code           TEXT PRIMARY KEY,
	name           TEXT NOT NULL,
	name_en        TEXT NOT NULL,
	description    TEXT NOT NULL DEFAULT '',
	days_committee INTEGER NOT NULL CHECK (days_committee BETWEEN 1 AND 250),
	days_street    INTEGER NOT NULL CHECK (days_street BETWEEN 1 AND 250),
	days_district  INTEGER NOT NULL CHECK (days_district BETWEEN 1 AND 250),
	days_urgent    INTEGER NOT NULL CHECK (days_urgent BETWEEN 1 AND 250),
	active         INTEGER NOT NULL DEFAULT 1,
	position       INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO issue_category (code, name, name_en, description, days_committee, days_street,
			    days_district, days_urgent, position) VALUES
	('lift', '加装电梯/电梯维修', 'Lifts: retrofitting and repair', '加装电梯意愿、电梯故障与维修', 10, 15, 20, 1, 1),
	('ebike_charging', '非机动车充电/飞线充电', 'E-bike charging, cables across windows', '电动自行车充电、飞线充电、楼道停放', 5, 5, 10, 1, 2),
	('group_rental', '群租整治', 'Group rentals', '群租、违规分隔出租', 10, 15, 20, 2, 3),
	('garbage', '垃圾分类', 'Waste sorting', '垃圾分类、定时定点投放、大件垃圾', 3, 5, 10, 1, 4),
	('safety', '安全隐患', 'Safety hazards', '消防、燃气、高空坠物、结构安全', 2, 3, 5, 1, 5),
	('elderly_care', '为老服务(配药送菜)', 'Help for the elderly (medicine, groceries)', '配药、送菜、助餐、陪医', 2, 3, 5, 1, 6),
	('repairs', '物业维修', 'Property repairs', '漏水、管道、公共设施维修', 5, 7, 10, 1, 7),
	('neighbour_dispute', '邻里矛盾', 'Disputes between neighbours', '邻里纠纷调解', 5, 10, 15, 1, 8),
	('sanitation', '环境卫生', 'Cleanliness of public spaces', '楼道、绿化、公共区域卫生', 3, 5, 7, 1, 9),
	('noise', '噪声扰民', 'Noise', '装修、商铺、夜间噪声', 3, 5, 7, 1, 10),
	('other', '其他', 'Other', '其他诉求', 5, 10, 15, 1, 11);

-- A trusted Open311 channel (a WeChat mini-program gateway): the key is shown
-- once and kept as its hash; a request whose address matches no compound
-- lands in the key's street.
CREATE TABLE open311_key (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE,
	key_hash     TEXT NOT NULL UNIQUE,
	street_code  TEXT NOT NULL REFERENCES area(code),
	created_at   INTEGER NOT NULL,
	created_by   INTEGER,
	disabled_at  INTEGER,
	last_used_at INTEGER
);

-- An issue belongs to area_code: its committee, or a street while an Open311
-- request waits to be placed (committee_code is then NULL).  Scoping tests
-- area_code.  Times are unix seconds; due_at is the end of due_date in
-- Asia/Shanghai.
CREATE TABLE issue (
	id                  INTEGER PRIMARY KEY,
	receipt_no          TEXT UNIQUE,
	category            TEXT NOT NULL REFERENCES issue_category(code),
	description         TEXT NOT NULL,
	channel             TEXT NOT NULL CHECK (channel IN ('office', 'visit', 'phone', 'online', 'hotline', 'open311')),
	priority            TEXT NOT NULL CHECK (priority IN ('normal', 'urgent')),
	status              TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'in_progress', 'resolved', 'closed', 'reopened')),
	level               TEXT NOT NULL CHECK (level IN ('committee', 'street', 'district')),
	area_code           TEXT NOT NULL REFERENCES area(code),
	committee_code      TEXT REFERENCES area(code),
	street_code         TEXT NOT NULL REFERENCES area(code),
	compound_id         INTEGER REFERENCES compound(id),
	building_id         INTEGER REFERENCES building(id),
	household_id        INTEGER REFERENCES household(id),
	resident_id         INTEGER REFERENCES resident(id),
	address             TEXT,
	reporter_name       TEXT,
	reporter_phone_enc  BLOB,
	reporter_phone_idx  TEXT,
	reporter_phone_mask TEXT,
	lat                 REAL,
	long                REAL,
	assignee_id         INTEGER REFERENCES user(id),
	hotline_no          TEXT,
	hotline_state       TEXT CHECK (hotline_state IN ('came_with', 'handed_off', 'returned')),
	open311_key_id      INTEGER REFERENCES open311_key(id),
	created_by          INTEGER,
	created_at          INTEGER NOT NULL,
	recorded_at         INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	accepted_at         INTEGER,
	resolved_at         INTEGER,
	closed_at           INTEGER,
	level_since         INTEGER NOT NULL,
	due_date            TEXT NOT NULL,
	due_at              INTEGER NOT NULL,
	escalations         INTEGER NOT NULL DEFAULT 0,
	resolution          TEXT,
	satisfaction        INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
	feedback_comment    TEXT,
	feedback_at         INTEGER,
	-- every feedback step ever (also those that reopened it), for the figures
	feedback_count      INTEGER NOT NULL DEFAULT 0,
	feedback_sum        INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX issue_hotline ON issue(hotline_no) WHERE hotline_no IS NOT NULL;
-- The queue (store/issues.c): counts and small jurisdictions by area and
-- status; large ones scan in deadline (or intake) order, open issues through
-- the partial index.
CREATE INDEX issue_area ON issue(area_code, status, level, due_at);
CREATE INDEX issue_open_due ON issue(due_at, id)
	WHERE status IN ('received', 'accepted', 'in_progress', 'reopened');
CREATE INDEX issue_due ON issue(due_at, id);
-- The figures: an area's issues taken in within a period.
CREATE INDEX issue_area_created ON issue(area_code, created_at);
CREATE INDEX issue_created ON issue(created_at, id);
CREATE INDEX issue_assignee ON issue(assignee_id, due_at) WHERE assignee_id IS NOT NULL;
CREATE INDEX issue_household ON issue(household_id) WHERE household_id IS NOT NULL;
CREATE INDEX issue_resident ON issue(resident_id) WHERE resident_id IS NOT NULL;
CREATE INDEX issue_compound ON issue(compound_id, category) WHERE compound_id IS NOT NULL;
CREATE INDEX issue_by_category ON issue(category, area_code, due_at);
CREATE INDEX issue_open311 ON issue(open311_key_id, id) WHERE open311_key_id IS NOT NULL;

-- The timeline: one row per step, with who and when.  level is the level
-- after the step; user_id is NULL for steps taken through Open311 or the
-- resident's feedback link (via says which).
CREATE TABLE issue_event (
	id           INTEGER PRIMARY KEY,
	issue_id     INTEGER NOT NULL REFERENCES issue(id),
	at           INTEGER NOT NULL,
	user_id      INTEGER,
	username     TEXT,
	via          TEXT,
	action       TEXT NOT NULL,
	from_status  TEXT,
	to_status    TEXT NOT NULL,
	level        TEXT NOT NULL,
	note         TEXT,
	reason       TEXT,
	assignee_id  INTEGER,
	satisfaction INTEGER,
	comment      TEXT,
	hotline_no   TEXT
);
CREATE INDEX issue_event_issue ON issue_event(issue_id, id);
CREATE INDEX issue_event_feedback ON issue_event(issue_id) WHERE action = 'feedback';

-- One-time feedback links: the hash of the token only.
CREATE TABLE issue_feedback_link (
	token_hash TEXT PRIMARY KEY,
	issue_id   INTEGER NOT NULL REFERENCES issue(id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER,
	revoked_at INTEGER
) WITHOUT ROWID;
CREATE INDEX issue_feedback_link_issue ON issue_feedback_link(issue_id);
