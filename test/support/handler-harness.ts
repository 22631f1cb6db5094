import { randomBytes, randomUUID } from 'crypto';
import { existsSync } from 'fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceResponse,
  CloudFormationCustomResourceUpdateEvent,
  Context,
} from 'aws-lambda';

/**
 * Drives the SHIPPED settings-handler bundle the way Lambda and CloudFormation do:
 * real-shaped custom resource events, a fake Lambda context whose remaining time counts
 * down, and a local HTTP server playing the pre-signed S3 ResponseURL that records the
 * response document CloudFormation would read.
 *
 * The handler caches its SDK client in a module-level variable, and the SDK resolves the
 * endpoint from AWS_ENDPOINT_URL_COGNITO_IDENTITY once per client, on its first request.
 * Each harness therefore loads its own copy of the bundle (jest.isolateModules), and sets
 * the environment before every invocation: one harness = one endpoint = one client.
 */

export const BUNDLE_PATH = path.join(__dirname, '..', '..', 'assets', 'settings-handler', 'index.js');

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';
export const SERVICE_TOKEN = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:Test-IdentityPoolSettingsHandler-1A2B3C4D5E6F`;

/** Largest response document CloudFormation accepts. */
const MAX_RESPONSE_BYTES = 4096;

/** Time the handler gets unless a harness or invocation says otherwise (a 2-minute function). */
const DEFAULT_REMAINING_TIME_MS = 120_000;

/** Fails with a clear message when the shipped bundle has not been built. */
export function assertBundleBuilt(): void {
  if (!existsSync(BUNDLE_PATH)) {
    throw new Error(`the settings handler bundle ${path.relative(process.cwd(), BUNDLE_PATH)} is missing: run npx projen bundle-handler`);
  }
}

/**
 * The response document the handler PUT to the ResponseURL, in the shape CloudFormation reads
 * (the type of @types/aws-lambda, the same the handler is written against).
 */
export type CfnResponseDocument = CloudFormationCustomResourceResponse;

/** One PUT received by the fake ResponseURL. */
export interface ReceivedResponse {
  readonly url: string;
  readonly method: string;
  /** The content-type header as sent (undefined when absent). */
  readonly contentType: string | undefined;
  readonly body: string;
  /** HTTP status the fake S3 answered. */
  readonly status: number;
}

export interface Invocation {
  readonly event: CloudFormationCustomResourceEvent;
  readonly response: CfnResponseDocument;
  /** Wall-clock time the handler ran. */
  readonly durationMs: number;
  /** What the handler wrote to the console (CloudWatch Logs in Lambda). */
  readonly logs: string[];
}

export interface HarnessOptions {
  /** Cognito Identity endpoint for the handler's SDK client. */
  readonly endpoint: string;
  /** Remaining time the fake context starts each invocation with. */
  readonly remainingTimeMs?: number;
  readonly stackName?: string;
  /** Bundle to load. @default BUNDLE_PATH, the shipped bundle */
  readonly bundlePath?: string;
}

export interface ResourceEventProps {
  readonly resourceType: string;
  readonly logicalId: string;
  /** Resource properties without ServiceToken, which the harness adds like CloudFormation does. */
  readonly properties: Record<string, unknown>;
}

/** An existing resource: its physical id. */
export interface ExistingResourceProps extends ResourceEventProps {
  readonly physicalId: string;
}

/** An update: the physical id, and the properties before it. */
export interface UpdateResourceProps extends ExistingResourceProps {
  /** Old resource properties without ServiceToken. */
  readonly oldProperties: Record<string, unknown>;
}

type BundleHandler = (event: CloudFormationCustomResourceEvent, context: Context) => Promise<void>;

const SDK_ENV = {
  AWS_REGION: REGION,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  // Each fresh copy of the SDK would warn again that Node 20 support ends (Lambda runs 22).
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
/** Variables that would override or disturb the endpoint and credentials above. */
const SDK_ENV_REMOVED = ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_DEFAULT_REGION'];

export class HandlerHarness {
  /** Loads a fresh copy of the bundle and starts the fake ResponseURL server. */
  public static async start(options: HarnessOptions): Promise<HandlerHarness> {
    const bundlePath = options.bundlePath ?? BUNDLE_PATH;
    if (bundlePath === BUNDLE_PATH) {
      assertBundleBuilt();
    }
    let handler: BundleHandler | undefined;
    jest.isolateModules(() => {
      handler = jest.requireActual<{ handler?: BundleHandler }>(bundlePath).handler;
    });
    if (typeof handler !== 'function') {
      throw new Error(`${bundlePath} does not export a handler function`);
    }
    const harness = new HandlerHarness(handler, options);
    await harness.listen();
    return harness;
  }

  /** Every PUT the fake ResponseURL received, in order. */
  public readonly received: ReceivedResponse[] = [];
  public readonly stackId: string;
  /** Remaining time each invocation starts with; tests may change it. */
  public remainingTimeMs: number;
  private readonly server: Server;
  /** Paths (with query) of the ResponseURLs issued, by RequestId. */
  private readonly issued = new Map<string, string>();
  private readonly savedEnv = new Map<string, string | undefined>();

  private constructor(private readonly handler: BundleHandler, private readonly options: HarnessOptions) {
    this.remainingTimeMs = options.remainingTimeMs ?? DEFAULT_REMAINING_TIME_MS;
    this.stackId = `arn:aws:cloudformation:${REGION}:${ACCOUNT_ID}:stack/${options.stackName ?? 'Test'}/${randomUUID()}`;
    this.server = createServer((req, res) => void this.receive(req, res));
  }

  public createEvent(props: ResourceEventProps): CloudFormationCustomResourceCreateEvent {
    return { RequestType: 'Create', ...this.common(props) };
  }

  public updateEvent(props: UpdateResourceProps): CloudFormationCustomResourceUpdateEvent {
    return {
      RequestType: 'Update',
      ...this.common(props),
      PhysicalResourceId: props.physicalId,
      OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...props.oldProperties },
    };
  }

  public deleteEvent(props: ExistingResourceProps): CloudFormationCustomResourceDeleteEvent {
    return { RequestType: 'Delete', ...this.common(props), PhysicalResourceId: props.physicalId };
  }

  /**
   * The Update CloudFormation sends when it rolls back `update`: old and new properties
   * swapped, on the physical id the resource has after `update` answered.
   */
  public rollbackEvent(update: CloudFormationCustomResourceUpdateEvent, physicalId: string): CloudFormationCustomResourceUpdateEvent {
    const { ServiceToken: _oldToken, ...properties } = update.OldResourceProperties;
    const { ServiceToken: _newToken, ...oldProperties } = update.ResourceProperties;
    return this.updateEvent({ resourceType: update.ResourceType, logicalId: update.LogicalResourceId, properties, oldProperties, physicalId });
  }

  public async create(props: ResourceEventProps): Promise<Invocation> {
    return this.invoke(this.createEvent(props));
  }

  public async update(props: UpdateResourceProps): Promise<Invocation> {
    return this.invoke(this.updateEvent(props));
  }

  public async delete(props: ExistingResourceProps): Promise<Invocation> {
    return this.invoke(this.deleteEvent(props));
  }

  /**
   * Runs the handler like Lambda does (failing if it outlives the remaining time) and
   * returns the one response document it PUT to the event's ResponseURL, checked
   * against what CloudFormation requires.
   */
  public async invoke(event: CloudFormationCustomResourceEvent, remainingTimeMs = this.remainingTimeMs): Promise<Invocation> {
    this.applyEnv();
    const before = this.received.length;
    const logs: string[] = [];
    const capture = (...args: unknown[]) => void logs.push(args.map(String).join(' '));
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => jest.spyOn(console, level).mockImplementation(capture));
    const started = Date.now();
    const context = fakeContext(event, started + remainingTimeMs);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Task timed out after ${remainingTimeMs} ms (RequestId ${event.RequestId})`)), remainingTimeMs);
      });
      await Promise.race([this.handler(event, context), timedOut]);
    } finally {
      clearTimeout(timer);
      spies.forEach((spy) => spy.mockRestore());
    }
    const durationMs = Date.now() - started;
    const response = this.responseTo(event, this.received.slice(before));
    return { event, response, durationMs, logs };
  }

  public async stop(): Promise<void> {
    for (const [name, value] of this.savedEnv) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
    this.savedEnv.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
  }

  private common(props: ResourceEventProps) {
    const requestId = randomUUID();
    return {
      ServiceToken: SERVICE_TOKEN,
      ResponseURL: this.issueResponseUrl(props.logicalId, requestId),
      StackId: this.stackId,
      RequestId: requestId,
      LogicalResourceId: props.logicalId,
      ResourceType: props.resourceType,
      ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...props.properties },
    };
  }

  /** A URL shaped like CloudFormation's pre-signed S3 PUT URL, served by this harness. */
  private issueResponseUrl(logicalId: string, requestId: string): string {
    const { port } = this.server.address() as AddressInfo;
    const key = encodeURIComponent(`${this.stackId}|${logicalId}|${requestId}`);
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': amzDate,
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Expires': '7200',
      'X-Amz-Credential': `AKIAIOSFODNN7EXAMPLE/${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`,
      'X-Amz-Signature': randomBytes(32).toString('hex'),
    });
    const pathAndQuery = `/cloudformation-custom-resource-response-useast1/${key}?${query}`;
    this.issued.set(requestId, pathAndQuery);
    return `http://127.0.0.1:${port}${pathAndQuery}`;
  }

  /**
   * Plays S3 behind a pre-signed PUT URL: only a PUT to the exact URL issued, with no or
   * an empty content type (the URL is signed for none), is accepted.
   */
  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const contentType = req.headers['content-type'];
    const signed = [...this.issued.values()].includes(req.url ?? '');
    const status = req.method !== 'PUT' || !signed || (contentType !== undefined && contentType !== '') ? 403 : 200;
    this.received.push({ url: req.url ?? '', method: req.method ?? '', contentType, body: Buffer.concat(chunks).toString('utf8'), status });
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(status === 200 ? '' : '<Error><Code>SignatureDoesNotMatch</Code></Error>');
  }

  private responseTo(event: CloudFormationCustomResourceEvent, received: ReceivedResponse[]): CfnResponseDocument {
    const url = this.issued.get(event.RequestId);
    const mine = received.filter((r) => r.url === url);
    const fail = (message: string): never => {
      throw new Error(`${event.RequestType} ${event.LogicalResourceId}: ${message}; received ${JSON.stringify(received, undefined, 1)}`);
    };
    if (mine.length !== received.length) fail('the handler PUT to a URL other than the event\'s ResponseURL');
    const accepted = mine.filter((r) => r.status === 200);
    if (accepted.length !== 1) fail(`expected exactly one accepted response, got ${accepted.length}`);
    const put = accepted[0];
    if (put.contentType !== '' && put.contentType !== undefined) fail(`content-type must be empty, was ${put.contentType}`);
    if (Buffer.byteLength(put.body) > MAX_RESPONSE_BYTES) fail(`response is ${Buffer.byteLength(put.body)} bytes, over ${MAX_RESPONSE_BYTES}`);
    // Untrusted until checked: read as a plain record, return as the response type.
    let doc: Record<string, any>;
    try {
      doc = JSON.parse(put.body) as Record<string, any>;
    } catch (e) {
      return fail(`response body is not JSON: ${(e as Error).message}`);
    }
    if (doc.Status !== 'SUCCESS' && doc.Status !== 'FAILED') fail(`bad Status ${doc.Status}`);
    if (typeof doc.PhysicalResourceId !== 'string' || doc.PhysicalResourceId.length === 0 || doc.PhysicalResourceId.length > 1024) {
      fail(`bad PhysicalResourceId ${JSON.stringify(doc.PhysicalResourceId)}`);
    }
    if (doc.StackId !== event.StackId) fail(`StackId not echoed: ${doc.StackId}`);
    if (doc.RequestId !== event.RequestId) fail(`RequestId not echoed: ${doc.RequestId}`);
    if (doc.LogicalResourceId !== event.LogicalResourceId) fail(`LogicalResourceId not echoed: ${doc.LogicalResourceId}`);
    if (doc.Status === 'FAILED' && !doc.Reason) fail('a FAILED response needs a Reason');
    return doc as CfnResponseDocument;
  }

  private applyEnv(): void {
    const wanted: Record<string, string | undefined> = { ...SDK_ENV, AWS_ENDPOINT_URL_COGNITO_IDENTITY: this.options.endpoint };
    SDK_ENV_REMOVED.forEach((name) => (wanted[name] = undefined));
    for (const [name, value] of Object.entries(wanted)) {
      if (!this.savedEnv.has(name)) {
        this.savedEnv.set(name, process.env[name]);
      }
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  }
}

/** A Lambda context whose remaining time counts down to `deadline`. */
function fakeContext(event: CloudFormationCustomResourceEvent, deadline: number): Context {
  const functionName = SERVICE_TOKEN.slice(SERVICE_TOKEN.lastIndexOf(':') + 1);
  const unsupported = () => {
    throw new Error('callback-style context methods are not used by async handlers');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: event.ServiceToken,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
