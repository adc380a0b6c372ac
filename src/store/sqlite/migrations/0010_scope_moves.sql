-- Scope follows people (docs/visits.md, "When a worker moves or leaves"):
-- since this version a move or a disabling ends the worker's grid
-- assignments in the committees left, frees their reception days and takes
-- them off their duties (core/accounts.c).  Moves made before it left those
-- open; this ends them the same way, as of the day it runs (today is
-- Asia/Shanghai's: UTC+8, no daylight saving).  What the worker did in the
-- past stays as it was.

-- The committees a user still serves (any of them for an active account).
CREATE TEMP VIEW serving AS
	SELECT us.user_id, ac.descendant AS committee_code
	FROM user_scope us JOIN area_closure ac ON ac.ancestor = us.area_code
	JOIN user u ON u.id = us.user_id WHERE u.disabled = 0;

-- An assignment that ran: ended yesterday, kept as history.
UPDATE grid_assignment SET end_on = date('now', '+8 hours', '-1 day')
WHERE start_on < date('now', '+8 hours')
  AND (end_on IS NULL OR end_on >= date('now', '+8 hours'))
  AND NOT EXISTS (SELECT 1 FROM grid g JOIN serving s ON s.committee_code = g.committee_code
                  WHERE g.id = grid_assignment.grid_id AND s.user_id = grid_assignment.worker_id);

-- One not yet begun: removed.
DELETE FROM grid_assignment
WHERE start_on >= date('now', '+8 hours')
  AND NOT EXISTS (SELECT 1 FROM grid g JOIN serving s ON s.committee_code = g.committee_code
                  WHERE g.id = grid_assignment.grid_id AND s.user_id = grid_assignment.worker_id);

-- Reception days from today on: open again, for the head to give.
DELETE FROM reception_duty
WHERE date >= date('now', '+8 hours')
  AND NOT EXISTS (SELECT 1 FROM serving s WHERE s.user_id = reception_duty.worker_id
                  AND s.committee_code = reception_duty.committee_code);

-- Duties not yet done: without the worker.
DELETE FROM duty_worker
WHERE duty_id IN (SELECT id FROM duty WHERE date >= date('now', '+8 hours') AND done_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM duty d JOIN serving s ON s.committee_code = d.committee_code
                  WHERE d.id = duty_worker.duty_id AND s.user_id = duty_worker.worker_id);

-- A disabled account's calendar feed.
DELETE FROM ics_token WHERE user_id IN (SELECT id FROM user WHERE disabled = 1);

DROP VIEW serving;
