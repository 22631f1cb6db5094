import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { IncomingMessage } from 'http';
import * as path from 'path';
import { gunzipSync } from 'zlib';

/**
 * Loads the official Cognito Identity service model shipped with botocore and
 * validates AWS JSON request bodies against it, so that test doubles reject
 * exactly what the real service would reject on shape grounds.
 */

export interface ShapeRef {
  readonly shape: string;
}

export interface Shape {
  readonly type: string;
  readonly members?: Record<string, ShapeRef>;
  readonly required?: string[];
  readonly member?: ShapeRef;
  readonly key?: ShapeRef;
  readonly value?: ShapeRef;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: string[];
  readonly exception?: boolean;
  /** True for server-side errors (HTTP 5xx). */
  readonly fault?: boolean;
}

export interface Operation {
  readonly name: string;
  readonly input?: ShapeRef;
  readonly output?: ShapeRef;
}

export interface ServiceModel {
  readonly metadata: { readonly targetPrefix: string; readonly apiVersion: string };
  readonly operations: Record<string, Operation>;
  readonly shapes: Record<string, Shape>;
}

/** A request whose body breaks the service model. */
export interface ModelError {
  readonly operation: string;
  readonly input: unknown;
  readonly errors: string[];
}

/** An AWS JSON 1.1 request, decoded and checked against the model. */
export interface InspectedRequest {
  /** Operation name from `x-amz-target`, or '' when the header is missing or foreign. */
  readonly operation: string;
  readonly input: unknown;
  /** The body exactly as received, for forwarding. */
  readonly raw: Buffer;
  /** Validation errors; empty when the request conforms to the model. */
  readonly errors: string[];
}

const MODEL_FILE = 'data/cognito-identity/2014-06-30/service-2.json.gz';

let cachedModel: ServiceModel | undefined;

export function loadServiceModel(): ServiceModel {
  if (!cachedModel) {
    const gz = readFileSync(path.join(botocoreDir(), MODEL_FILE));
    cachedModel = JSON.parse(gunzipSync(gz).toString('utf8')) as ServiceModel;
  }
  return cachedModel;
}

export function operationNames(): string[] {
  return Object.keys(loadServiceModel().operations);
}

/** Validates a JSON request body against the input shape of `operation`. */
export function validateRequest(operation: string, input: unknown): string[] {
  const op = loadServiceModel().operations[operation];
  if (!op?.input) {
    return [`unknown operation ${operation}`];
  }
  const errors: string[] = [];
  validateValue(shapeNamed(op.input.shape), input, '', errors);
  return errors;
}

/** Reads an incoming AWS JSON 1.1 request and validates it against the model. */
export async function inspectRequest(req: IncomingMessage): Promise<InspectedRequest> {
  const raw = await readBody(req);
  const operation = operationFromTarget(req.headers['x-amz-target']);
  const parsed = parseJson(raw);
  if (!operation) {
    return { operation, input: parsed.value, raw, errors: [`bad x-amz-target header: ${String(req.headers['x-amz-target'])}`] };
  }
  if (parsed.error) {
    return { operation, input: undefined, raw, errors: [parsed.error] };
  }
  return { operation, input: parsed.value, raw, errors: validateRequest(operation, parsed.value) };
}

function botocoreDir(): string {
  const out = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' });
  return out.trim();
}

function shapeNamed(name: string): Shape {
  const shape = loadServiceModel().shapes[name];
  if (!shape) {
    throw new Error(`service model has no shape ${name}`);
  }
  return shape;
}

function validateValue(shape: Shape, value: unknown, at: string, errors: string[]): void {
  const report = (message: string) => errors.push(`${at || '(input)'}: ${message}`);
  if (!hasType(shape.type, value)) {
    report(`expected ${shape.type}, got ${typeName(value)}`);
    return;
  }
  switch (shape.type) {
    case 'structure':
      return validateStructure(shape, value as Record<string, unknown>, at, errors);
    case 'list':
      return validateList(shape, value as unknown[], at, errors);
    case 'map':
      return validateMap(shape, value as Record<string, unknown>, at, errors);
    case 'string':
      return validateString(shape, value as string, report);
    case 'integer':
    case 'long':
      return checkRange(shape, value as number, 'value', report);
  }
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'structure':
    case 'map':
      return isPlainObject(value);
    case 'list':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
    case 'long':
      return Number.isInteger(value);
    case 'timestamp':
      // The JSON protocol sends timestamps as epoch seconds.
      return typeof value === 'number';
    default:
      throw new Error(`unsupported shape type ${type}`);
  }
}

function validateStructure(shape: Shape, value: Record<string, unknown>, at: string, errors: string[]): void {
  const members = shape.members ?? {};
  for (const name of shape.required ?? []) {
    if (isAbsent(value[name])) {
      errors.push(`${join(at, name)}: missing required member`);
    }
  }
  for (const [name, memberValue] of Object.entries(value)) {
    const ref = members[name];
    if (!ref) {
      errors.push(`${join(at, name)}: unknown member`);
    } else if (!isAbsent(memberValue)) {
      validateValue(shapeNamed(ref.shape), memberValue, join(at, name), errors);
    }
  }
}

function validateList(shape: Shape, value: unknown[], at: string, errors: string[]): void {
  checkRange(shape, value.length, 'entries', (message) => errors.push(`${at}: ${message}`));
  const member = shapeNamed(shape.member!.shape);
  value.forEach((item, i) => validateValue(member, item, `${at}[${i}]`, errors));
}

function validateMap(shape: Shape, value: Record<string, unknown>, at: string, errors: string[]): void {
  const entries = Object.entries(value);
  checkRange(shape, entries.length, 'entries', (message) => errors.push(`${at}: ${message}`));
  const keyShape = shapeNamed(shape.key!.shape);
  const valueShape = shapeNamed(shape.value!.shape);
  for (const [key, item] of entries) {
    validateValue(keyShape, key, `${join(at, key)} (key)`, errors);
    validateValue(valueShape, item, join(at, key), errors);
  }
}

function validateString(shape: Shape, value: string, report: (message: string) => void): void {
  // The model measures lengths in Unicode code points, not UTF-16 units.
  checkRange(shape, [...value].length, 'length', report);
  if (shape.pattern && !patternRegExp(shape.pattern).test(value)) {
    report(`${JSON.stringify(value)} does not match pattern ${shape.pattern}`);
  }
  if (shape.enum && !shape.enum.includes(value)) {
    report(`${JSON.stringify(value)} is not one of ${shape.enum.join(', ')}`);
  }
}

function checkRange(shape: Shape, actual: number, what: string, report: (message: string) => void): void {
  if (shape.min !== undefined && actual < shape.min) {
    report(`${what} ${actual} < min ${shape.min}`);
  }
  if (shape.max !== undefined && actual > shape.max) {
    report(`${what} ${actual} > max ${shape.max}`);
  }
}

const patternCache = new Map<string, RegExp>();

/** Model patterns are Java regexes matched against the whole string; `u` enables `\p{L}` classes. */
function patternRegExp(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

function operationFromTarget(target: string | string[] | undefined): string {
  const prefix = `${loadServiceModel().metadata.targetPrefix}.`;
  return typeof target === 'string' && target.startsWith(prefix) ? target.slice(prefix.length) : '';
}

function parseJson(raw: Buffer): { value?: unknown; error?: string } {
  // The SDK may send an empty body for operations without input.
  if (raw.length === 0) {
    return { value: {} };
  }
  try {
    return { value: JSON.parse(raw.toString('utf8')) };
  } catch (e) {
    return { error: `body is not valid JSON: ${(e as Error).message}` };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** AWS JSON services treat null like an absent member. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function join(at: string, name: string): string {
  return at ? `${at}.${name}` : name;
}
