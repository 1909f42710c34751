/**
 * `npm run stack:local`: the local rehearsal of the deployed stack (see docs/rehearsal.md).
 *
 *   npm run synth && npm run stack:local      start it; prints the `export` lines; Ctrl-C stops it
 *   npm run stack:local -- fire               fire the schedule of the running rehearsal
 *   npm run stack:local -- bounce <address>   have SES report a permanent bounce for a subscriber
 */
import { runStackLocal } from './stack-local-program';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

await runStackLocal(process.argv);
