// caniemail's check of one email (doiuse-email), in a worker thread: on a large email it takes
// seconds of CPU, which held the preview's event loop (no other request, no live reload).
// Plain JavaScript, so the worker loads without the TypeScript loader, under tsx or vitest.
import { parentPort, workerData } from 'node:worker_threads';
import { doIUseEmail } from 'doiuse-email';

const result = doIUseEmail(workerData.html, { emailClients: workerData.clients });
parentPort.postMessage({
  errors: result.success ? [] : result.errors,
  warnings: result.warnings,
  notes: result.notes,
});
