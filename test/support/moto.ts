import { ChildProcess, spawn } from 'child_process';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { inspectRequest, ModelError } from './service-model';

/**
 * Runs moto's Cognito Identity implementation behind a validating proxy: moto
 * provides independent service behaviour, the proxy checks every request the
 * SDK sends against the official service model.
 */

export interface ProxiedCall {
  readonly operation: string;
  readonly input: unknown;
}

export interface MotoServer {
  /** The proxy's URL; pass it as the SDK client's `endpoint`. */
  readonly endpoint: string;
  readonly calls: ProxiedCall[];
  /** Requests that broke the service model; tests should assert this stays empty. */
  readonly modelErrors: ModelError[];
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 100;

export async function startMotoServer(): Promise<MotoServer> {
  const motoPort = await freePort();
  const moto = spawnMoto(motoPort);
  let failure: Error | undefined;
  moto.once('error', (e) => (failure = e));
  const exited = new Promise<void>((resolve) => moto.once('exit', (code, signal) => {
    failure ??= new Error(`moto_server exited (code ${code}, signal ${signal})`);
    resolve();
  }));
  const killMoto = () => killGroup(moto);
  // Jest may exit without running afterAll when a test fails hard.
  process.once('exit', killMoto);
  try {
    await waitUntilAnswering(motoPort, () => failure);
  } catch (e) {
    killMoto();
    process.removeListener('exit', killMoto);
    throw e;
  }

  const calls: ProxiedCall[] = [];
  const modelErrors: ModelError[] = [];
  const proxy = createServer((req, res) => void forward(req, res, motoPort, calls, modelErrors));
  await listen(proxy);

  return {
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    calls,
    modelErrors,
    stop: async () => {
      killMoto();
      process.removeListener('exit', killMoto);
      await Promise.all([exited, closeServer(proxy)]);
    },
  };
}

function spawnMoto(port: number): ChildProcess {
  // detached: moto gets its own process group, so the whole tree can be killed.
  return spawn('moto_server', ['-p', String(port), '-H', '127.0.0.1'], { detached: true, stdio: 'ignore' });
}

/** Synchronous so that it also works from a process 'exit' handler. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

async function waitUntilAnswering(port: number, failure: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const error = failure();
    if (error) {
      throw error;
    }
    if (await answers(port)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`moto_server did not answer on port ${port} within ${STARTUP_TIMEOUT_MS} ms`);
}

/** Any HTTP response, whatever its status, means moto is up. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request({ host: '127.0.0.1', port, path: '/', method: 'GET' }, (res) => {
      res.resume();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
    probe.end();
  });
}

async function forward(req: IncomingMessage, res: ServerResponse, motoPort: number, calls: ProxiedCall[], modelErrors: ModelError[]): Promise<void> {
  const { operation, input, raw, errors } = await inspectRequest(req);
  calls.push({ operation, input });
  if (errors.length > 0) {
    modelErrors.push({ operation, input, errors });
  }
  const upstream = request({ host: '127.0.0.1', port: motoPort, path: req.url, method: req.method, headers: req.headers }, (motoRes) => {
    res.writeHead(motoRes.statusCode ?? 502, motoRes.headers);
    motoRes.pipe(res);
  });
  upstream.on('error', (e) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`proxy could not reach moto: ${e.message}`);
  });
  upstream.end(raw);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await listen(server);
  const { port } = server.address() as AddressInfo;
  await closeServer(server);
  return port;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((e) => (e ? reject(e) : resolve()));
    // SDK clients keep connections alive; drop them so close() can finish.
    server.closeAllConnections();
  });
}
