import * as fs from 'fs';
import { InputError } from './sources';
import { isOneAction } from '../simulator/inputs';
import { readYamlOrJson } from '../simulator/template-text';

/*
 * The questions file of `cdk-identity-pool simulate` and `report`: a list, in YAML or JSON, of
 *
 *   - name: editors can upload to their folder
 *     signIn:                       # or: guest: true
 *       provider: <a Logins name>   # or an intrinsic: !GetAtt Users.ProviderName
 *       claims: { sub: eve, custom:department: eng }
 *       groups: [editors]           # optional: the user pool groups
 *       principalTags: {}           # optional: a developer identity's per-call tags
 *       customRoleArn: arn:...      # optional
 *     action: s3:PutObject
 *     resource: arn:aws:s3:::photos/private/${identityId}/a.jpg
 *     context: { aws:SourceIp: 10.1.2.3 }        # optional
 *     resourcePolicy: { Statement: [] }          # optional, for a resource outside the template
 *     expect: ALLOWED                            # optional: ALLOWED, DENIED or UNDETERMINED
 *
 * The provider, a claim, a resource or a context value may be a CloudFormation intrinsic of the
 * template (`!GetAtt Photos.Arn`, `!Sub '${Photos.Arn}/a.jpg'`), and `${identityId}` in a
 * resource or context value stands for the user's identity id. A malformed entry is an error
 * naming the file, the entry and the field (docs/cli.md).
 */

export type Expectation = 'ALLOWED' | 'DENIED' | 'UNDETERMINED';

export interface SignInQuestion {
  /** A name of `Logins`, or an intrinsic of the template. */
  readonly provider: unknown;
  /** Each a string, a list of strings, or an intrinsic of the template. */
  readonly claims?: { [name: string]: unknown };
  readonly groups?: string[];
  readonly principalTags?: { [tag: string]: string };
  readonly customRoleArn?: string;
}

export interface Question {
  readonly name: string;
  /** How messages name the entry: the file, its position and its name. */
  readonly where: string;
  /** A signed-in user; undefined for a guest. */
  readonly signIn?: SignInQuestion;
  readonly action: string;
  /** The resource: an ARN or `*`, or an intrinsic of the template. */
  readonly resource: unknown;
  readonly context?: { [key: string]: unknown };
  readonly resourcePolicy?: { [key: string]: unknown };
  readonly expect?: Expectation;
}

const EXPECTATIONS = ['ALLOWED', 'DENIED', 'UNDETERMINED'];
const ENTRY_FIELDS = ['name', 'signIn', 'guest', 'action', 'resource', 'context', 'resourcePolicy', 'expect'];
const SIGN_IN_FIELDS = ['provider', 'claims', 'groups', 'principalTags', 'customRoleArn'];

/** Read and check a questions file. */
export function readQuestions(file: string): Question[] {
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    throw new InputError(`${file}: no such questions file`);
  }
  let parsed: unknown;
  try {
    parsed = readYamlOrJson(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new InputError(`${file}: not JSON or YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const entries = Array.isArray(parsed) ? parsed : (parsed as any)?.questions;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new InputError(`${file}: give a list of questions (or an object with a questions list), each with name, signIn or guest, action and resource`);
  }
  const names = new Set<string>();
  return entries.map((entry, i) => {
    const question = readQuestion(file, entry, i + 1);
    if (names.has(question.name)) {
      throw new InputError(`${file}: question ${i + 1} (${JSON.stringify(question.name)}): invalid name: another question has it; names must be unique`);
    }
    names.add(question.name);
    return question;
  });
}

function readQuestion(file: string, entry: any, index: number): Question {
  const where = `${file}: question ${index}${typeof entry?.name === 'string' ? ` (${JSON.stringify(entry.name)})` : ''}`;
  const fail = (field: string, rule: string): never => {
    throw new InputError(`${where}: invalid ${field}: ${rule}`);
  };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail('entry', 'give an object with name, signIn or guest, action and resource');
  const unknown = Object.keys(entry).filter((k) => !ENTRY_FIELDS.includes(k));
  if (unknown.length > 0) fail(unknown[0], `not a field of a question (the fields are ${ENTRY_FIELDS.join(', ')})`);
  if (typeof entry.name !== 'string' || entry.name.trim() === '') fail('name', 'give each question a name, a non-empty string');
  if (!isOneAction(entry.action)) {
    fail('action', `${JSON.stringify(entry.action)}: give one IAM action, service:Action (for example s3:GetObject)`);
  }
  if (!(typeof entry.resource === 'string' && entry.resource !== '') && !isIntrinsic(entry.resource)) {
    fail('resource', 'give an ARN, *, or an intrinsic of the template (!GetAtt, !Sub)');
  }
  if (entry.guest !== undefined && entry.guest !== true) fail('guest', 'give guest: true, or leave it out');
  if ((entry.guest === true) === (entry.signIn !== undefined)) fail('signIn', 'give either signIn (a signed-in user) or guest: true');
  if (entry.context !== undefined && (typeof entry.context !== 'object' || entry.context === null || Array.isArray(entry.context))) {
    fail('context', 'give a map of condition keys to values');
  }
  if (entry.resourcePolicy !== undefined && (typeof entry.resourcePolicy !== 'object' || entry.resourcePolicy === null || Array.isArray(entry.resourcePolicy))) {
    fail('resourcePolicy', 'give a policy document, { Statement: [...] }');
  }
  if (entry.expect !== undefined && !EXPECTATIONS.includes(entry.expect)) fail('expect', `${JSON.stringify(entry.expect)}: give ALLOWED, DENIED or UNDETERMINED`);
  let signIn: SignInQuestion | undefined;
  if (entry.signIn !== undefined) {
    const s = entry.signIn;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) fail('signIn', 'give an object with the provider and the claims of the user\'s token');
    const extra = Object.keys(s).filter((k) => !SIGN_IN_FIELDS.includes(k));
    if (extra.length > 0) fail(`signIn.${extra[0]}`, `not a field of a sign-in (the fields are ${SIGN_IN_FIELDS.join(', ')})`);
    if (!(typeof s.provider === 'string' && s.provider !== '') && !isIntrinsic(s.provider)) {
      fail('signIn.provider', 'give the name the user signs in with, as the pool lists it in Logins, or an intrinsic (!GetAtt Users.ProviderName)');
    }
    if (s.claims !== undefined && !isStringMap(s.claims, true)) fail('signIn.claims', 'give a map of claim names to a string, a list of strings or an intrinsic');
    if (s.groups !== undefined && !(Array.isArray(s.groups) && s.groups.every((g: unknown) => typeof g === 'string'))) fail('signIn.groups', 'give a list of group names');
    if (s.principalTags !== undefined && !isStringMap(s.principalTags, false)) fail('signIn.principalTags', 'give a map of tag names to strings');
    if (s.customRoleArn !== undefined && typeof s.customRoleArn !== 'string') fail('signIn.customRoleArn', 'give a role ARN');
    signIn = { provider: s.provider, claims: stringify(s.claims), groups: s.groups, principalTags: s.principalTags, customRoleArn: s.customRoleArn };
  }
  const { name, action, resource, context, resourcePolicy, expect } = entry;
  return { name, where, signIn, action, resource, context, resourcePolicy, expect };
}

/** A map of strings (numbers and booleans, as YAML reads `sub: 42`, count); claims may also be lists and intrinsics. */
function isStringMap(value: unknown, claims: boolean): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every((v) =>
    ['string', 'number', 'boolean'].includes(typeof v) || (claims && (isIntrinsic(v) || (Array.isArray(v) && v.every((x) => typeof x === 'string')))));
}

/** A CloudFormation intrinsic: an object of one key, `Ref` or `Fn::...`. */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** A claim is a string: YAML reads `sub: 42` as a number. Intrinsics are kept for the template to resolve. */
function stringify(claims: any): { [name: string]: unknown } | undefined {
  if (claims === undefined) return undefined;
  return Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : isIntrinsic(v) ? v : String(v)]));
}
