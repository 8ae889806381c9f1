-- Issue 14 review: alerts of one incident can come from several Alertmanagers (an HA pair's twin config, group-by
-- labels across sources). Reconciliation asks each alert's own Alertmanager; NULL (older rows) = the incident's.
ALTER TABLE alert ADD COLUMN external_url TEXT;
