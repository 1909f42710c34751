/**
 * One cold start of a bundled function as Lambda runs it, in a fresh Node process (plain
 * JavaScript, no TypeScript loader): load the bundle (its init: module scope, SDK clients), invoke
 * its exported `handler` once with the event, check the answer, exit. The environment (the
 * stack's variables, the emulators' endpoints) comes from the parent.
 *
 *   node lambda-cold-start.cjs <bundle> <esm|cjs> '<event as JSON>'
 */
const { pathToFileURL } = require('node:url');

const [bundleFile, format, eventJson] = process.argv.slice(2);

async function main() {
  const event = JSON.parse(eventJson);
  const bundle =
    format === 'cjs' ? require(bundleFile) : await import(pathToFileURL(bundleFile).href);
  const context = {
    functionName: 'bench',
    awsRequestId: 'bench',
    getRemainingTimeInMillis: () => 900_000,
  };
  const result = await bundle.handler(event, context);
  const failed =
    result?.statusCode !== undefined
      ? result.statusCode !== 200
      : (result?.batchItemFailures ?? ['no batch response']).length > 0;
  if (failed) throw new Error(`the handler answered ${JSON.stringify(result)}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
