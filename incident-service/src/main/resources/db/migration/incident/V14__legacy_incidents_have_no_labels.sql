-- V12 gave incidents opened before it '{}' labels, which a policy without matchers (severity only) would match: such an
-- incident, mid-escalation on the built-in matrix, would jump into a policy's levels. NULL marks "opened before labels
-- were kept": those follow the built-in matrix to the end. New incidents always store their opening alert's labels.
ALTER TABLE incident ALTER COLUMN labels DROP NOT NULL;
ALTER TABLE incident ALTER COLUMN labels DROP DEFAULT;
UPDATE incident SET labels = NULL WHERE labels = '{}'::jsonb;
