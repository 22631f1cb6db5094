import { parse as parseYaml, type Tags } from 'yaml';

/*
 * A CloudFormation template as a user gives it to `IdentityPoolSimulator.fromTemplate`: the
 * parsed object, or its text in JSON or YAML. YAML is read by the `yaml` library with
 * CloudFormation's short-form intrinsics as custom tags (AWS CloudFormation User Guide,
 * "Intrinsic function reference": `!Ref`, `!GetAtt`, `!Sub`, ...), each turned into its long form.
 */

/** The short forms, and the long form each stands for. */
const SHORT_FORMS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  ImportValue: 'Fn::ImportValue',
  GetAZs: 'Fn::GetAZs',
  Cidr: 'Fn::Cidr',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

/** Each short form as a tag on a scalar, a sequence and a mapping. `!GetAtt A.B` is `[A, B]`. */
const CLOUDFORMATION_TAGS: Tags = Object.entries(SHORT_FORMS).flatMap(([short, long]) => [
  { tag: `!${short}`, resolve: (value: string) => ({ [long]: short === 'GetAtt' ? splitAttribute(value) : value }) },
  { tag: `!${short}`, collection: 'seq' as const, resolve: (seq: { toJSON(): unknown }) => ({ [long]: seq.toJSON() }) },
  { tag: `!${short}`, collection: 'map' as const, resolve: (map: { toJSON(): unknown }) => ({ [long]: map.toJSON() }) },
]);

function splitAttribute(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/** JSON or YAML text, parsed; YAML with CloudFormation's short forms. Throws the parser's error. */
export function readYamlOrJson(text: string): unknown {
  const trimmed = text.trim();
  return trimmed.startsWith('{') || trimmed.startsWith('[')
    ? JSON.parse(trimmed)
    : parseYaml(trimmed, { customTags: CLOUDFORMATION_TAGS, uniqueKeys: true });
}

/**
 * The template object: given as one, or parsed from JSON or YAML text. An error names the
 * method, what was given and what is wrong.
 */
export function readTemplate(template: unknown, method = 'IdentityPoolSimulator.fromTemplate'): any {
  if (typeof template === 'string') {
    let parsed: unknown;
    try {
      parsed = readYamlOrJson(template);
    } catch (e) {
      throw new Error(`${method}: invalid template: it is not JSON or YAML (${(e as Error).message.split('\n')[0]})`);
    }
    return checkTemplate(parsed, method);
  }
  return checkTemplate(template, method);
}

function checkTemplate(template: unknown, method: string): any {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    throw new Error(`${method}: invalid template: give a CloudFormation template, as an object or as its JSON or YAML text`);
  }
  const resources = (template as any).Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw new Error(`${method}: invalid template: it has no Resources section`);
  }
  return template;
}
