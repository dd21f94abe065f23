-- Cluster-wide login roles: per service one owner (runs migrations, owns the schema)
-- and one app role (what the running service connects as; owns nothing, so row-level
-- security applies to it). Idempotent.
DO $$
DECLARE
  svc text;
BEGIN
  FOREACH svc IN ARRAY ARRAY['scheduling', 'messaging', 'ehr_sync', 'device_registry', 'notifications'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carebus_' || svc) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', 'carebus_' || svc);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carebus_' || svc || '_app') THEN
      EXECUTE format('CREATE ROLE %I LOGIN', 'carebus_' || svc || '_app');
    END IF;
  END LOOP;
END
$$;
