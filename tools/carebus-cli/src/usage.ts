export const USAGE = `Usage: npm run carebus -- <command>

Dead letters (topics <topic>.<group>.dlq), through a service's /v1/admin/dead-letters:
  dlq list    [--topic T] [--group G] [--since ISO] [--until ISO] [--limit N] [--json]
  dlq show    <dlq-topic> <partition> <offset>
  dlq show    <dlq-topic> <partition> <offset> --payload --reason "WHY"       (break-glass)
  dlq replay  <dlq-topic> <partition> <offset> --reason "WHY"                 (break-glass)
  dlq replay  --all [--topic T] [--group G] [--since ISO] [--until ISO] [--limit N] --reason "WHY"
  dlq purge   --topic T [--group G] --before ISO --yes --reason "WHY"     (break-glass, operators)

  list and show give metadata only (where, event type, error code, attempt, time, clinic); a
  clinic admin's token sees its clinic's dead letters, a platform operator's every clinic's.
  Break-glass needs a token with the scope carebus:dead-letters:payload and --reason (sent as the
  Break-Glass-Reason header: an incident or ticket and why, never patient data; 1-500 characters,
  one line). Each is audited with the reason. --topic is the original topic (purge also takes a
  DLQ topic name). Replay re-publishes the event unchanged to its original topic; consumers that
  already applied it skip it.

Audit trail (each service's chained, append-only audit_log):
  audit verify --service S [--clinic ID|platform] [--database-url URL] [--json]

  Walks the service's audit chains (one per clinic, one "platform") against their anchors and
  names the first row that was edited, deleted, inserted out of order or dropped from the tail.
  Connects as a role that reads every clinic's rows (carebus_audit_reader). Exit 1 on a problem.

Environment:
  CAREBUS_API_URL      a service's base URL (default http://127.0.0.1:3001, scheduling); every
                       service serves the same dead-letter API over the shared broker
  CAREBUS_TOKEN        your access token (dlq commands). Locally: $OPERATOR_TOKEN or $ADMIN_TOKEN as
                       npm start prints them; a break-glass token from the dev issuer:
                       node tools/dev-issuer/dist/main.js mint --sub me --roles operator \\
                         --scope carebus:dead-letters:payload
  AUDIT_DATABASE_URL   database of audit verify (default postgres://carebus_audit_reader@127.0.0.1:5432/carebus)

Exit codes: 0 done, 1 failed or refused by the server (the message says why and what to do),
2 bad usage.
`;
