import { mintCommand } from './mint.command';
import { serveCommand } from './serve.command';
import { UsageError } from './cli-args';
import { DEFAULT_KEY_FILE, DEFAULT_PORT, defaultIssuer } from './defaults';

const USAGE = `Carebus development token issuer (never for production).

Usage:
  dev-issuer serve [--port ${DEFAULT_PORT}] [--key-file ${DEFAULT_KEY_FILE}] [--issuer ${defaultIssuer(DEFAULT_PORT)}]
                   [--host 127.0.0.1|0.0.0.0]
  dev-issuer mint --sub <id> [--clinic <uuid>] [--roles clinic_admin,practitioner] [--scope "a b"]
                  [--ttl 3600] [--key-file ${DEFAULT_KEY_FILE}] [--issuer ${defaultIssuer(DEFAULT_PORT)}]

serve  serves /.well-known/jwks.json, /.well-known/openid-configuration, /health and POST /token
       on 127.0.0.1 (0.0.0.0 only inside a private container network) until SIGINT or SIGTERM. The issuer defaults to http://127.0.0.1:<port>.
mint   prints an access token signed with the key in --key-file; it verifies against a serve
       started with the same --key-file and --issuer. --clinic is required unless --roles
       includes operator. Roles: clinic_admin, practitioner, staff, patient, partner, operator.`;

async function serve(args: readonly string[]): Promise<void> {
  const issuer = await serveCommand(args);
  console.log(`dev issuer ready: issuer=${issuer.issuer} jwks=${issuer.jwksUrl}`);
  const shutdown = () => void issuer.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

async function run(argv: readonly string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  if (command === 'serve') return serve(args);
  if (command === 'mint') {
    process.stdout.write(`${await mintCommand(args)}\n`);
    return;
  }
  throw new UsageError(`Unknown command "${command}".`);
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
