export const USAGE = `Usage: npm run carebus -- <command>

Dead letters (topics <topic>.<group>.dlq):
  dlq list    [--topic T] [--group G] [--since ISO] [--until ISO] [--limit N] [--json]
  dlq show    <dlq-topic> <partition> <offset>
  dlq replay  <dlq-topic> <partition> <offset>
  dlq replay  --all [--topic T] [--group G] [--since ISO] [--until ISO] [--limit N]
  dlq purge   --topic T [--group G] --before ISO --yes

  --topic is the original topic (purge also takes a DLQ topic name). Replay re-publishes the
  event unchanged to its original topic; consumers that already applied it skip it.

Audit trail (each service's chained, append-only audit_log):
  audit verify --service S [--clinic ID|platform] [--database-url URL] [--json]

  Walks the service's audit chains (one per clinic, one "platform") against their anchors and
  names the first row that was edited, deleted, inserted out of order or dropped from the tail.
  Connects as a role that reads every clinic's rows (carebus_audit_reader). Exit 1 on a problem.

Environment:
  KAFKA_BROKERS        comma-separated brokers (default 127.0.0.1:9092)
  AUDIT_DATABASE_URL   database of audit verify (default postgres://carebus_audit_reader@127.0.0.1:5432/carebus)
  KAFKA_TLS            true: TLS to the brokers (SASL_SSL with the login below)
  KAFKA_TLS_CA_FILE    PEM file of the CA that signed the brokers' certificates
  KAFKA_SASL_USERNAME  the operator's principal (carebus-cli locally); KAFKA_SASL_PASSWORD its
                       password; KAFKA_SASL_MECHANISM scram-sha-512 (default) or scram-sha-256
  Locally: eval "$(bash deploy/local/kafka.sh client-env carebus-cli | sed 's/^/export /')"

Exit codes: 0 done, 1 failed, 2 bad usage.
`;
