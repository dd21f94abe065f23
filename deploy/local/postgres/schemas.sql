-- Per-database set-up: one schema per service, owned by the service's owner role;
-- the app role gets data rights on what the owner creates there. Idempotent.
DO $$
DECLARE
  svc text;
  owner text;
  app text;
BEGIN
  FOREACH svc IN ARRAY ARRAY['scheduling', 'messaging', 'ehr_sync', 'device_registry', 'notifications'] LOOP
    owner := 'carebus_' || svc;
    app := owner || '_app';
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, owner);
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I, %I', current_database(), owner, app);
    EXECUTE format('GRANT CREATE ON DATABASE %I TO %I', current_database(), owner);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', svc, app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', owner, svc, app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I', owner, svc, app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT EXECUTE ON FUNCTIONS TO %I', owner, svc, app);
  END LOOP;
  -- Extensions used by the services' migrations; created by the superuser once per database.
  CREATE EXTENSION IF NOT EXISTS btree_gist;
  CREATE EXTENSION IF NOT EXISTS pgcrypto;
END
$$;
