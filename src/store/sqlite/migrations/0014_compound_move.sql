-- Splitting and merging committees (拆大并小; docs/register.md, "Moving a
-- compound to another committee"): each move of a compound, with the date from
-- which it counts for the new committee.
CREATE TABLE compound_move (
	id             INTEGER PRIMARY KEY,
	compound_id    INTEGER NOT NULL REFERENCES compound(id),
	from_committee TEXT NOT NULL REFERENCES area(code),
	to_committee   TEXT NOT NULL REFERENCES area(code),
	effective_on   TEXT NOT NULL,
	moved_by       INTEGER REFERENCES user(id),
	moved_at       INTEGER NOT NULL
);
CREATE INDEX compound_move_compound ON compound_move(compound_id, id);
