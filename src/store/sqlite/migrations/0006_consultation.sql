-- Consultation and networks (问计于民, 暖百家心): surveys with their audience
-- and answers, one-time answer links, projects, meetings (议事会) with
-- participants, decisions, motions and votes, the party tree, liaison
-- chains, volunteers, teams and activities.  Every row carries its
-- committee's code, which the store's scope test joins on.

-- A survey (需求调研问卷).  questions is a JSON array of
-- {"kind","text","options","required"}; audience_filter the register
-- filter (core/filter.c's JSON form) whose households were copied into
-- survey_audience when the survey was made.
CREATE TABLE survey (
	id              INTEGER PRIMARY KEY,
	committee_code  TEXT NOT NULL REFERENCES area(code),
	title           TEXT NOT NULL,
	description     TEXT,
	questions       TEXT NOT NULL,
	audience_filter TEXT NOT NULL,
	status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	closes_on       TEXT,
	created_by      INTEGER,
	created_at      INTEGER NOT NULL
);
CREATE INDEX survey_committee ON survey(committee_code, id);

CREATE TABLE survey_audience (
	survey_id    INTEGER NOT NULL REFERENCES survey(id),
	household_id INTEGER NOT NULL REFERENCES household(id),
	PRIMARY KEY (survey_id, household_id)
) WITHOUT ROWID;

-- One answer per household: answers is a JSON array, one value per question
-- (null when skipped).  channel: 'visit' (a worker) or 'link'.
CREATE TABLE survey_response (
	id           INTEGER PRIMARY KEY,
	survey_id    INTEGER NOT NULL REFERENCES survey(id),
	household_id INTEGER NOT NULL REFERENCES household(id),
	channel      TEXT NOT NULL CHECK (channel IN ('visit', 'link')),
	worker_id    INTEGER,
	answers      TEXT NOT NULL,
	answered_at  INTEGER NOT NULL,
	UNIQUE (survey_id, household_id)
);

-- One-time answer links, one per household: the hash of the token only.
CREATE TABLE survey_link (
	token_hash   TEXT PRIMARY KEY,
	survey_id    INTEGER NOT NULL REFERENCES survey(id),
	household_id INTEGER NOT NULL REFERENCES household(id),
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	used_at      INTEGER
) WITHOUT ROWID;
CREATE INDEX survey_link_household ON survey_link(survey_id, household_id);

-- A project (e.g. 普雄馨苑4幢换电梯): its meetings, issues and decisions on
-- one timeline.
CREATE TABLE project (
	id             INTEGER PRIMARY KEY,
	committee_code TEXT NOT NULL REFERENCES area(code),
	name           TEXT NOT NULL,
	description    TEXT,
	created_at     INTEGER NOT NULL,
	UNIQUE (committee_code, name)
);

CREATE TABLE project_issue (
	project_id INTEGER NOT NULL REFERENCES project(id),
	issue_id   INTEGER NOT NULL REFERENCES issue(id),
	linked_at  INTEGER NOT NULL,
	PRIMARY KEY (project_id, issue_id)
) WITHOUT ROWID;

-- A meeting (议事会, 红色议事厅).  The quorum rule: at least quorum_min
-- present, and at least quorum_pct % of the invited present; a motion
-- passes when the quorum is met and more than pass_pct % of the votes cast
-- are for it.
CREATE TABLE meeting (
	id             INTEGER PRIMARY KEY,
	committee_code TEXT NOT NULL REFERENCES area(code),
	project_id     INTEGER REFERENCES project(id),
	topic          TEXT NOT NULL,
	held_at        INTEGER NOT NULL,
	place          TEXT,
	quorum_min     INTEGER NOT NULL DEFAULT 0 CHECK (quorum_min >= 0),
	quorum_pct     INTEGER NOT NULL DEFAULT 0 CHECK (quorum_pct BETWEEN 0 AND 100),
	pass_pct       INTEGER NOT NULL DEFAULT 50 CHECK (pass_pct BETWEEN 0 AND 100),
	invite_filter  TEXT,
	minutes        TEXT,
	created_by     INTEGER,
	created_at     INTEGER NOT NULL
);
CREATE INDEX meeting_committee ON meeting(committee_code, held_at);
CREATE INDEX meeting_project ON meeting(project_id) WHERE project_id IS NOT NULL;

-- The invited: a resident of the register, or a named outsider (物业, an
-- expert from outside).  role: building_leader 楼组长, party_member 党员,
-- resident_rep 居民代表, owners_committee 业委会, property 物业, expert 专家,
-- resident (picked by the filter).
CREATE TABLE meeting_participant (
	id          INTEGER PRIMARY KEY,
	meeting_id  INTEGER NOT NULL REFERENCES meeting(id),
	resident_id INTEGER REFERENCES resident(id),
	name        TEXT NOT NULL,
	role        TEXT NOT NULL CHECK (role IN ('resident', 'building_leader', 'party_member',
		'resident_rep', 'owners_committee', 'property', 'expert')),
	present     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_participant_meeting ON meeting_participant(meeting_id, id);
CREATE UNIQUE INDEX meeting_participant_resident ON meeting_participant(meeting_id, resident_id)
	WHERE resident_id IS NOT NULL;

CREATE TABLE meeting_decision (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting(id),
	text       TEXT NOT NULL,
	decided_at INTEGER NOT NULL
);
CREATE INDEX meeting_decision_meeting ON meeting_decision(meeting_id, id);

-- A motion put to the vote: kind 'approval' (for, against, abstain) or
-- 'satisfaction' (1–5).
CREATE TABLE meeting_motion (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting(id),
	text       TEXT NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('approval', 'satisfaction')),
	created_at INTEGER NOT NULL
);
CREATE INDEX meeting_motion_meeting ON meeting_motion(meeting_id, id);

CREATE TABLE meeting_vote (
	motion_id      INTEGER NOT NULL REFERENCES meeting_motion(id),
	participant_id INTEGER NOT NULL REFERENCES meeting_participant(id),
	choice         TEXT CHECK (choice IN ('for', 'against', 'abstain')),
	score          INTEGER CHECK (score BETWEEN 1 AND 5),
	voted_at       INTEGER NOT NULL,
	PRIMARY KEY (motion_id, participant_id)
) WITHOUT ROWID;

-- The party tree of a committee: general_branch 党总支 → branch 党支部 (one
-- per compound or as the head decides) → group 楼组党小组.  liaison_id is
-- the resident who links this organisation to the one above (委员 → 支部,
-- 支部委员 → 小组).
CREATE TABLE party_org (
	id             INTEGER PRIMARY KEY,
	committee_code TEXT NOT NULL REFERENCES area(code),
	kind           TEXT NOT NULL CHECK (kind IN ('general_branch', 'branch', 'group')),
	name           TEXT NOT NULL,
	parent_id      INTEGER REFERENCES party_org(id),
	compound_id    INTEGER REFERENCES compound(id),
	leader_id      INTEGER REFERENCES resident(id),
	liaison_id     INTEGER REFERENCES resident(id),
	position       INTEGER NOT NULL
);
CREATE INDEX party_org_committee ON party_org(committee_code, position);

CREATE TABLE party_org_building (
	org_id      INTEGER NOT NULL REFERENCES party_org(id),
	building_id INTEGER NOT NULL REFERENCES building(id),
	PRIMARY KEY (org_id, building_id)
) WITHOUT ROWID;

-- Members of an organisation (a party member is in one group; the
-- committee members of a branch or of the general branch are listed on it).
CREATE TABLE party_org_member (
	org_id      INTEGER NOT NULL REFERENCES party_org(id),
	resident_id INTEGER NOT NULL REFERENCES resident(id),
	PRIMARY KEY (org_id, resident_id)
) WITHOUT ROWID;
CREATE INDEX party_org_member_resident ON party_org_member(resident_id);

-- 党员联系户: the party member who keeps in touch with a household.
CREATE TABLE household_liaison (
	household_id   INTEGER PRIMARY KEY REFERENCES household(id),
	resident_id    INTEGER NOT NULL REFERENCES resident(id),
	committee_code TEXT NOT NULL REFERENCES area(code),
	set_at         INTEGER NOT NULL
);
CREATE INDEX household_liaison_resident ON household_liaison(resident_id);

-- Volunteers: a resident with skills (JSON array of strings) and when they
-- can help.
CREATE TABLE volunteer (
	id             INTEGER PRIMARY KEY,
	resident_id    INTEGER NOT NULL UNIQUE REFERENCES resident(id),
	committee_code TEXT NOT NULL REFERENCES area(code),
	skills         TEXT NOT NULL DEFAULT '[]',
	availability   TEXT,
	created_at     INTEGER NOT NULL
);
CREATE INDEX volunteer_committee ON volunteer(committee_code, id);

-- Teams (红袖章, 攻坚队, 楼道助理 …) and their members.
CREATE TABLE team (
	id             INTEGER PRIMARY KEY,
	committee_code TEXT NOT NULL REFERENCES area(code),
	name           TEXT NOT NULL,
	kind           TEXT,
	created_at     INTEGER NOT NULL,
	UNIQUE (committee_code, name)
);

CREATE TABLE team_member (
	team_id      INTEGER NOT NULL REFERENCES team(id),
	volunteer_id INTEGER NOT NULL REFERENCES volunteer(id),
	PRIMARY KEY (team_id, volunteer_id)
) WITHOUT ROWID;
CREATE INDEX team_member_volunteer ON team_member(volunteer_id);

-- An activity (e.g. a haircut day): its volunteers with their hours and
-- the residents it served.  Hours are kept in tenths of an hour.
CREATE TABLE activity (
	id             INTEGER PRIMARY KEY,
	committee_code TEXT NOT NULL REFERENCES area(code),
	team_id        INTEGER REFERENCES team(id),
	title          TEXT NOT NULL,
	held_on        TEXT NOT NULL,
	place          TEXT,
	created_by     INTEGER,
	created_at     INTEGER NOT NULL
);
CREATE INDEX activity_committee ON activity(committee_code, held_on);

CREATE TABLE activity_volunteer (
	activity_id  INTEGER NOT NULL REFERENCES activity(id),
	volunteer_id INTEGER NOT NULL REFERENCES volunteer(id),
	tenths       INTEGER NOT NULL CHECK (tenths >= 0),
	PRIMARY KEY (activity_id, volunteer_id)
) WITHOUT ROWID;
CREATE INDEX activity_volunteer_volunteer ON activity_volunteer(volunteer_id);

CREATE TABLE activity_served (
	activity_id INTEGER NOT NULL REFERENCES activity(id),
	resident_id INTEGER NOT NULL REFERENCES resident(id),
	PRIMARY KEY (activity_id, resident_id)
) WITHOUT ROWID;
