import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { NewsletterError } from '../../../lambda/core/errors';
import { listen } from '../../../lambda/local/http-server';

/** A server whose listen fails as the system refuses it, with `code`. */
function refusingServer(code: string): Server {
  const server = new EventEmitter() as unknown as Server;
  server.listen = (() => {
    queueMicrotask(() =>
      server.emit(
        'error',
        Object.assign(new Error(`listen ${code}: refused`), {
          code,
          syscall: 'listen',
        }),
      ),
    );
    return server;
  }) as unknown as Server['listen'];
  return server;
}

describe('listen', () => {
  // A port below 1024 for a user who is not root was the system's bare
  // "listen EACCES: permission denied 127.0.0.1:80".
  it.each([
    [
      'EACCES',
      80,
      'Port 80 on 127.0.0.1 needs root, as every port below 1024 does: pass --port 1024 or above',
    ],
    [
      'EACCES',
      8080,
      'Port 8080 on 127.0.0.1 is refused to this user (EACCES): pass --port <another>',
    ],
    [
      'EADDRINUSE',
      80,
      'Port 80 on 127.0.0.1 is already in use; stop what uses it or pass --port <another>',
    ],
  ])(
    'says in one line why a port refused with %s (%i) cannot be used, and what to pass',
    async (code, port, line) => {
      const refused = listen(refusingServer(code), '127.0.0.1', port);
      await expect(refused).rejects.toBeInstanceOf(NewsletterError);
      await expect(refused).rejects.toThrow(line);
    },
  );
});
