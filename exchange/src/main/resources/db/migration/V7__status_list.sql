-- Version 7: each licence has a place in the hub's status list, drawn at random for herd privacy.
ALTER TABLE licence ADD COLUMN status_index INT;
CREATE UNIQUE INDEX licence_status_index ON licence (status_index);
