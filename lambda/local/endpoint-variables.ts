/**
 * The SDK's endpoint variables (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`), checked before
 * a command uses any of them. The SDK reads one that is no URL only when it makes its first
 * request, and then throws `TypeError: Invalid URL` from deep inside; a local send would by then
 * have started its issue and would retry every recipient as if the network were down.
 */
import { ValidationError } from '../core/errors';

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
