// Platform's runtime for Lambda's nodejs18.x … nodejs24.x: a small Runtime API client that follows
// the rules of AWS's own Node.js runtime interface client (aws-lambda-nodejs-runtime-interface-client):
// handler string parsing, CommonJS/ES module loading, the context object, callbacks and
// callbackWaitsForEmptyEventLoop, console patching, and the error shapes it posts. It runs with the
// `node` the platform found on the machine; LAMBDA_TASK_ROOT is the function's code folder.
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import util from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [apiHost, apiPort] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '').split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });

// ---- Errors (as the RIC names them: errorType is the class's Runtime.* name) ----
class ImportModuleError extends Error {}
class HandlerNotFound extends Error {}
class MalformedHandlerName extends Error {}
class UserCodeSyntaxError extends Error {}
class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) { super(reason); this.reason = reason; this.promise = promise; }
}
for (const e of [ImportModuleError, HandlerNotFound, MalformedHandlerName, UserCodeSyntaxError, UnhandledPromiseRejection])
  e.prototype.name = `Runtime.${e.name}`;

function isError(obj) {
  return obj && obj.name && obj.message && obj.stack && typeof obj.name === 'string'
    && typeof obj.message === 'string' && typeof obj.stack === 'string';
}

function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || isError(error)) {
      return {
        errorType: error.name?.replace(/\x7F/g, '%7F'),
        errorMessage: error.message?.replace(/\x7F/g, '%7F'),
        trace: error.stack.replace(/\x7F/g, '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_k, v) => withEnumerableProperties(v));
  } catch {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

function withEnumerableProperties(error) {
  if (!(error instanceof Error)) return error;
  const ret = Object.assign({ errorType: error.name, errorMessage: error.message, code: error.code }, error);
  if (typeof error.stack == 'string') ret.stack = error.stack.split('\n');
  return ret;
}

const intoError = (err) => (err instanceof Error ? err : new Error(err));

// ---- Console: `time\trequestId\tLEVEL\tmessage`, one line per entry, as Lambda's text format ----
let currentRequestId;
const levels = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
function patchConsole() {
  const json = (process.env.AWS_LAMBDA_LOG_FORMAT ?? '').toUpperCase() === 'JSON';
  const minimum = levels[(process.env.AWS_LAMBDA_LOG_LEVEL ?? '').toUpperCase()] ?? levels.TRACE;
  const write = (level, message, ...params) => {
    const time = new Date().toISOString();
    const line = json
      ? JSON.stringify({ timestamp: time, level, requestId: currentRequestId, message: util.format(message, ...params) })
      : `${time}\t${currentRequestId}\t${level}\t${util.format(message, ...params)}`;
    process.stdout.write(line.replace(/\n/g, '\r') + '\n');
  };
  const at = (level) => (levels[level] >= minimum ? (msg, ...params) => write(level, msg, ...params) : () => {});
  console.trace = at('TRACE');
  console.debug = at('DEBUG');
  console.info = at('INFO');
  console.log = console.info;
  console.warn = at('WARN');
  console.error = at('ERROR');
  console.fatal = (msg, ...params) => write('FATAL', msg, ...params);
}
const logError = (msg, err) => console.error(msg, toFormatted(intoError(err)));

// ---- Runtime API client ----
function call(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request({
      agent, host: apiHost, port: apiPort, method, path: `/2018-06-01/runtime/${route}`,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers },
    }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

const postError = (route, error) => {
  const response = toRapidResponse(error);
  let body;
  try {
    body = JSON.stringify(response);
  } catch {
    body = JSON.stringify({ errorType: 'Runtime.SerializationError', errorMessage: 'Unable to stringify error' });
  }
  return call('POST', route, body, { 'Lambda-Runtime-Function-Error-Type': response.errorType ?? 'Unhandled' });
};

const postResponse = (id, result) => {
  let body;
  try {
    body = JSON.stringify(result === undefined ? null : result);
  } catch {
    return postError(`invocation/${id}/error`, new Error('Unable to stringify response body'));
  }
  return call('POST', `invocation/${id}/response`, body);
};

// The platform went away (stopped, or this process is orphaned): nothing left to serve.
const lost = (e) => {
  process.stderr.write(`Runtime API unreachable (${e.message}); exiting\n`);
  process.exit(1);
};

// ---- Loading the handler: the RIC's rules ----
const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;

function hasFolderPackageJsonTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const pj = path.join(folder, '/package.json');
  if (fs.existsSync(pj)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(pj));
      if (pkg) return pkg.type === 'module';
    } catch (e) {
      console.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
      return false;
    }
  }
  if (folder === '/') return false;
  return hasFolderPackageJsonTypeModule(path.resolve(folder, '..'));
}

const tryRequireFile = (file, extension = '') => (fs.existsSync(file + extension) ? require(file + extension) : undefined);
const tryImport = async (file, extension) => (fs.existsSync(file + extension) ? await import(file + extension) : undefined);

async function tryRequire(appRoot, moduleRoot, module) {
  const lambdaStylePath = path.resolve(appRoot, moduleRoot, module);
  const extensionless = tryRequireFile(lambdaStylePath);
  if (extensionless) return extensionless;
  const typeModule = fs.existsSync(lambdaStylePath + '.js') && hasFolderPackageJsonTypeModule(path.dirname(lambdaStylePath + '.js'));
  if (!typeModule) {
    const loaded = tryRequireFile(lambdaStylePath, '.js');
    if (loaded) return loaded;
  }
  const loaded = (typeModule && (await tryImport(lambdaStylePath, '.js')))
    || (await tryImport(lambdaStylePath, '.mjs'))
    || tryRequireFile(lambdaStylePath, '.cjs');
  if (loaded) return loaded;
  return require(require.resolve(module, { paths: [appRoot, moduleRoot] }));
}

async function loadHandler(appRoot, fullHandlerString) {
  if (fullHandlerString.includes('..'))
    throw new MalformedHandlerName(`'${fullHandlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  const handlerString = path.basename(fullHandlerString);
  const moduleRoot = fullHandlerString.substring(0, fullHandlerString.indexOf(handlerString));
  const match = handlerString.match(FUNCTION_EXPR);
  if (!match || match.length != 3) throw new MalformedHandlerName('Bad handler');
  const [, module, handlerPath] = match;

  let app;
  try {
    app = await tryRequire(appRoot, moduleRoot, module);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e.code !== undefined && e.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
  const handler = handlerPath.split('.').reduce((nested, key) => nested && nested[key], app);
  if (!handler) throw new HandlerNotFound(`${fullHandlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandlerString} is not a function`);
  return handler;
}

// ---- The invocation loop ----
let beforeExit = () => {};
let errorCallbacks = {
  uncaughtException: (error) => postError('init/error', error).then(() => process.exit(129), lost),
  unhandledRejection: (error) => postError('init/error', error).then(() => process.exit(128), lost),
};

function schedule(handler) {
  setImmediate(() => handleOnce(handler).catch((err) => {
    console.log(`Unexpected Top Level Error: ${err.toString()}`);
    errorCallbacks.uncaughtException(err);
  }));
}

async function handleOnce(handler) {
  let next;
  try {
    next = await call('GET', 'invocation/next');
  } catch (e) {
    lost(e);
  }
  const headers = next.headers;
  const id = headers['lambda-runtime-aws-request-id'];
  if (next.status !== 200 || !id) {
    // Not an invocation (the API refused this caller or is stopping): Lambda's clients treat it as fatal.
    process.stderr.write(`Runtime API answered /next with ${next.status}: ${next.body}\n`);
    process.exit(1);
  }
  currentRequestId = id;
  if (headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
  else delete process.env._X_AMZN_TRACE_ID;
  // The same trace in W3C form, for OpenTelemetry in the function (a platform addition).
  if (headers['traceparent']) process.env.traceparent = headers['traceparent'];
  else delete process.env.traceparent;

  const scheduleNext = () => schedule(handler);
  let completed = false;
  const complete = (result) => {
    if (completed) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    completed = true;
    postResponse(id, result).then(scheduleNext, lost);
  };
  const fail = (err) => {
    logError('Invoke Error', err);
    completed = true;
    postError(`invocation/${id}/error`, err).then(scheduleNext, lost);
  };

  let waitForEmptyEventLoop = true;
  let finished = false;
  const once = (fn) => (...args) => {
    if (!finished) {
      finished = true;
      fn(...args);
    }
  };
  const callback = once((err, result) => {
    beforeExit = () => {};
    if (err !== undefined && err !== null) fail(err);
    else if (!waitForEmptyEventLoop) complete(result);
    else beforeExit = () => setImmediate(() => complete(result));
  });
  const done = (err, result) => {
    beforeExit = () => {};
    if (err !== undefined && err !== null) fail(err);
    else complete(result);
  };
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (value, name) => {
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch (err) {
      throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
    }
  };
  const context = {
    get callbackWaitsForEmptyEventLoop() { return waitForEmptyEventLoop; },
    set callbackWaitsForEmptyEventLoop(value) { waitForEmptyEventLoop = value; },
    succeed: once((result) => done(null, result)),
    fail: once((err) => (err === undefined || err === null ? done('handled') : done(err, null))),
    done: once(done),
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parse(headers['lambda-runtime-client-context'], 'ClientContext'),
    identity: parse(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: id,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };

  errorCallbacks.uncaughtException = (error) => postError(`invocation/${id}/error`, error).then(() => process.exit(129), lost);
  errorCallbacks.unhandledRejection = (error) => postError(`invocation/${id}/error`, error).then(() => process.exit(128), lost);
  // A handler that neither returns a promise nor calls back answers null once the event loop is empty.
  beforeExit = () => {
    completed = true;
    postResponse(id, null).then(scheduleNext, lost);
  };
  try {
    const result = handler(JSON.parse(next.body), context, callback);
    if (result && typeof result.then === 'function') result.then(context.succeed, context.fail).catch(context.fail);
  } catch (err) {
    callback(err);
  }
}

async function main() {
  patchConsole();
  process.on('uncaughtException', (error) => {
    logError('Uncaught Exception', error);
    errorCallbacks.uncaughtException(error);
  });
  process.on('unhandledRejection', (reason, promise) => {
    const error = new UnhandledPromiseRejection(reason, promise);
    logError('Unhandled Promise Rejection', error);
    errorCallbacks.unhandledRejection(error);
  });
  process.on('beforeExit', () => beforeExit());

  const appRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
  const handlerString = process.argv[2] ?? process.env._HANDLER ?? '';
  let handler;
  try {
    handler = await loadHandler(appRoot, handlerString);
  } catch (error) {
    logError('Uncaught Exception', error);
    await postError('init/error', error).catch(lost);
    process.exit(129);
  }
  schedule(handler);
}

main();
