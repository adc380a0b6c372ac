-- Campaigns that bend (docs/campaigns.md, "Targets after the start"): a target
-- added after the campaign began (who, when), or taken off with a reason; a
-- target taken off keeps its row and entry, and counts no more.
ALTER TABLE campaign_target ADD COLUMN added_at INTEGER;
ALTER TABLE campaign_target ADD COLUMN added_by INTEGER REFERENCES user(id);
ALTER TABLE campaign_target ADD COLUMN removed_at INTEGER;
ALTER TABLE campaign_target ADD COLUMN removed_by INTEGER REFERENCES user(id);
ALTER TABLE campaign_target ADD COLUMN removed_reason TEXT;
