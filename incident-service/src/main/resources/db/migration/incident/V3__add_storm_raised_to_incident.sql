-- The storm rule raises an incident's severity once.
ALTER TABLE incident ADD COLUMN storm_raised BOOLEAN NOT NULL DEFAULT false;
