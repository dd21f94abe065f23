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

-- The role `npm run carebus -- audit verify` connects as: reads every clinic's audit rows
-- (BYPASSRLS), changes nothing; each service's audit-trail migration grants it SELECT.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carebus_audit_reader') THEN
    CREATE ROLE carebus_audit_reader LOGIN BYPASSRLS;
  END IF;
END
$$;
