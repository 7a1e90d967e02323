import { NatsAccounts, usersOf } from './auth';
import { PATHS } from './layout';

/** The start script's file name in the config volume, beside nats.conf. */
export const START_SCRIPT = 'start-nats.sh';

/** The variables nats.conf names (`$NAME`) whose values come from Secrets: user names and passwords. */
export function secretVariables(a: NatsAccounts): string[] {
  return usersOf(a).flatMap((u) => [...('env' in u.user ? [u.user.env] : []), u.passwordEnv]);
}

/**
 * The server's entrypoint when nats.conf names Secret values as variables. NATS parses a
 * variable's value as a config value, not as a string: a password such as `12345678`, `true`,
 * `2026-01-01`, `pass word`, `$x`, or one in twenty of `openssl rand -hex 16` (`720e...`: a
 * number with an exponent, then a parse error) makes the server refuse its config or read another
 * value. Each one is exported again as a double-quoted NATS string of `\xHH` escapes, the exact
 * bytes of the Secret (a trailing newline included, as the services read them), before the server
 * starts. POSIX sh with od, tr and sed: BusyBox in the -alpine image.
 */
export function startScript(a: NatsAccounts): string {
  return [
    '#!/bin/sh',
    '# Generated (see charts/nats/start-script.ts): the Secret values nats.conf names, as NATS strings.',
    'set -eu',
    'nats_string() {',
    `  printf '"'`,
    `  printf '%s' "$1" | od -An -v -tx1 | tr -d ' \\n' | sed 's/../\\\\x&/g'`,
    `  printf '"'`,
    '}',
    `for name in ${secretVariables(a).join(' ')}; do`,
    '  eval "value=\\${$name}"',
    '  export "$name=$(nats_string "$value")"',
    'done',
    `exec nats-server --config ${PATHS.configFile}`,
    '',
  ].join('\n');
}
