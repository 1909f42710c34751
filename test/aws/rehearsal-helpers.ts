/** What the rehearsal suites share: polling for an outcome and reading the SES emulator's store. */

/** Polls `probe` until it returns a value, or fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface StoredEmail {
  readonly messageId: string;
  readonly subject: string;
  readonly destination: { readonly to: string[] };
  readonly body: { readonly text?: string; readonly html?: string };
}

/** Every message aws-ses-v2-local has stored (GET /store). */
export async function sesMessages(sesEndpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  if (!response.ok) throw new Error(`GET ${sesEndpoint}/store answered ${response.status}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}
