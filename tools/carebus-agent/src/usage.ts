export const USAGE = `Usage:
  carebus-agent enrol --code <enrolment code> --kind workstation|clinic-device --api <grpc url> --state-dir <dir>
                      [--hostname <name>] [--machine-id <id>] [--clinic-id <uuid>] [--ca-file <pem>]
  carebus-agent run --state-dir <dir> [--api <grpc url>] [--components name=state[:reason],...]
                    [--heartbeat-ms <ms>] [--terminal-timeout-ms <ms>] [--backoff-max-ms <ms>]
                    [--whoami-port <port>|off] [--ui-origin <origin>]...

  --api         grpc://host:port (plain) or grpcs://host:port (TLS; --ca-file for a private CA)
  --components  e.g. headset=ready,payment-terminal=error:"no paper"; states ready, starting,
                error, not_installed (defaults: workstation headset=ready,journal=ready;
                clinic-device payment-terminal=ready)
  --whoami-port workstation services answer GET http://127.0.0.1:<port>/whoami for the clinic UI
                origins given by --ui-origin (default port 47615; off turns it off)

Exit codes: 0 stopped, 1 error, 2 usage, 3 the registry refused the device (removed): enrol again.
See docs/carebus-agent.md.
`;
