-- The table of accounts was called "user", a reserved word in PostgreSQL and
-- in standard SQL: it is "account" now.  SQLite rewrites the triggers, views
-- and foreign keys that name it.
ALTER TABLE user RENAME TO account;
