// One Lambda execution environment ("container") of the rehearsal, in a child process of its
// own: it loads the bundled handler named by _HANDLER from LAMBDA_TASK_ROOT, as the Node.js
// runtime does, then runs one invocation at a time as its parent asks over IPC. Plain JavaScript,
// so it starts without a TypeScript loader. The parent kills the process on a timeout or a
// crash-test kill, exactly as Lambda discards an environment.
import { existsSync, readFileSync } from 'node:fs';
import { Module } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const taskRoot = process.env.LAMBDA_TASK_ROOT ?? '';
const handlerSetting = process.env._HANDLER ?? '';
const separator = handlerSetting.lastIndexOf('.');
const moduleName = handlerSetting.slice(0, separator);
const exportName = handlerSetting.slice(separator + 1);

/**
 * A `.js` bundle is CommonJS in Lambda (its task root has no package.json saying otherwise); here
 * it may sit below a package.json with "type": "module", so it is compiled as CommonJS explicitly.
 * Bare imports (the AWS SDK the runtime provides) resolve from the folders above the bundle.
 */
function loadCommonJs(file) {
  const loaded = new Module(file);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  loaded._compile(readFileSync(file, 'utf8'), file);
  return loaded.exports;
}

async function loadHandler() {
  for (const extension of ['.mjs', '.cjs', '.js']) {
    const file = path.join(taskRoot, `${moduleName}${extension}`);
    if (!existsSync(file)) continue;
    const exports =
      extension === '.js' ? loadCommonJs(file) : await import(pathToFileURL(file).href);
    const handler = exports[exportName] ?? exports.default?.[exportName];
    if (typeof handler !== 'function') {
      throw Object.assign(new Error(`${file} does not export a function named ${exportName}`), {
        name: 'Runtime.HandlerNotFound',
      });
    }
    return handler;
  }
  throw Object.assign(new Error(`Cannot find module ${moduleName} in ${taskRoot}`), {
    name: 'Runtime.ImportModuleError',
  });
}

function describeError(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: String(error.stack ?? '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: String(error), trace: [] };
}

/**
 * The line Lambda's Node.js runtime writes to the function's log when an invocation fails, in the
 * function's log format (AWS_LAMBDA_LOG_FORMAT, from the template's LoggingConfig): a JSON object
 * whose message is the error, or `<time>\t<request id>\tERROR\tInvoke Error \t<error as JSON>`.
 */
function logInvokeError(error, requestId) {
  const { errorType, errorMessage, trace } = describeError(error);
  const time = new Date().toISOString();
  const line =
    process.env.AWS_LAMBDA_LOG_FORMAT === 'JSON'
      ? JSON.stringify({
          timestamp: time,
          level: 'ERROR',
          requestId,
          message: { errorType, errorMessage, stackTrace: trace },
        })
      : `${time}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ errorType, errorMessage, stack: trace })}`;
  process.stderr.write(`${line}\n`);
}

process.on('disconnect', () => process.exit(0));

let handler;
try {
  handler = await loadHandler();
  process.send({ type: 'ready' });
} catch (error) {
  process.send({ type: 'init-error', error: describeError(error) });
}

process.on('message', async (message) => {
  if (message.type !== 'invoke') return;
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
  try {
    // Lambda answers with the JSON of what the handler returned.
    const payload = JSON.stringify((await handler(message.event, context)) ?? null);
    process.send({ type: 'result', id: message.id, ok: true, payload });
  } catch (error) {
    logInvokeError(error, message.requestId);
    process.send({ type: 'result', id: message.id, ok: false, error: describeError(error) });
  }
});
