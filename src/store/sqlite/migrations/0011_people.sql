-- People have names (docs/accounts.md): the name shown wherever a person is
-- named (the login only on the account page), a title, and a phone number,
-- sealed like the residents' phones (crypto_seal; the mask for lists).
ALTER TABLE user ADD COLUMN display_name TEXT;
ALTER TABLE user ADD COLUMN title TEXT
	CHECK (title IS NULL OR title IN ('social_worker', 'secretary', 'director', 'gate_guard',
	                                  'building_leader', 'volunteer'));
ALTER TABLE user ADD COLUMN phone_box BLOB;
ALTER TABLE user ADD COLUMN phone_mask TEXT;
-- Who made the account (NULL: the command line or before this version).
ALTER TABLE user ADD COLUMN created_by INTEGER REFERENCES user(id);
