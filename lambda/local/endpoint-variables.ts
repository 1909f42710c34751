/**
 * The SDK's endpoint variables (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`), checked before
 * a command uses any of them. The SDK reads one that is no URL only when it makes its first
 * request, and then throws `TypeError: Invalid URL` from deep inside; a local send would by then
 * have started its issue and would retry every recipient as if the network were down.
 */
import { connect } from 'node:net';
import { NewsletterError, ValidationError } from '../core/errors';

const ENDPOINT_VARIABLE = /^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/;

/** Throws a ValidationError naming the first endpoint variable set to anything but an http(s) URL. */
export function checkEndpointVariables(env: NodeJS.ProcessEnv = process.env): void {
  for (const [variable, value] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!ENDPOINT_VARIABLE.test(variable) || value === undefined || value === '') continue;
    if (!isHttpUrl(value)) {
      throw new ValidationError(
        variable,
        `must be an http:// or https:// URL such as http://127.0.0.1:4566 (it is ${JSON.stringify(value)}); fix it or unset it`,
      );
    }
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** How long a connection to an endpoint variable's server may take before it counts as none. */
const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Resolves once something takes a connection where `variable` points (`url`), else throws one
 * line naming the variable, the URL and why, with what to do: `instead` says what unsetting it
 * does. The rehearsal's exports stay in a shell after it stops, and the SDK met the closed port
 * only at its first call: a send had begun its issue and retried every recipient for minutes.
 */
export async function checkEndpointAnswers(
  variable: string,
  url: string,
  instead: string,
): Promise<void> {
  const { hostname, port, protocol } = new URL(url);
  const reason = await new Promise<string | undefined>((resolve) => {
    const socket = connect({
      // An IPv6 literal's brackets are the URL's, not the address's.
      host: hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(port || (protocol === 'https:' ? 443 : 80)),
      timeout: CONNECT_TIMEOUT_MS,
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`no answer in ${CONNECT_TIMEOUT_MS / 1000} s`);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
  if (reason === undefined) return;
  throw new NewsletterError(
    `${variable} points at ${url}, where nothing answers (${reason}): start what it points at ` +
      `(for the rehearsal, npm run stack:local), or unset it ${instead}`,
  );
}
