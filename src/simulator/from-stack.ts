import { CfnResource, IResolvable, Reference, Stack, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { ResolvedTemplate } from './template';
import { combineUnresolved, Unresolved } from '../iam/unresolved';

/** Resolves the values of a question (claims, role ARNs, resources, context) against a simulated template. */
export interface QuestionResolver {
  /** The value as the template deploys it, or Unresolved naming what it depends on. */
  resolveToken(value: string): string | Unresolved;
}

/** A template read from JSON holds no CDK tokens: a question's values are what they say. */
export const LITERAL_VALUES: QuestionResolver = { resolveToken: (value) => value };

/**
 * The tokens of a CDK app's questions (`role.roleArn`, `bucket.arnForObjects('a/*')`), resolved
 * by the stack's own resolver and then by the template's intrinsics, so that one resource means
 * the same thing in a question and in the policies. Each token is resolved once.
 */
export class StackTokens implements QuestionResolver {
  /** The tokens of users' questions, each resolved once. */
  private readonly tokens = new Map<IResolvable, string | Unresolved>();
  /** The same, by the text of their string markers (`${Token[...]}`). */
  private readonly markers = new Map<string, string | Unresolved>();
  /** Finds the markers of a string; global, so its own per resolver. */
  private readonly markerPattern = new RegExp(STRING_TOKENS.source, 'g');

  constructor(private readonly stack: Stack, private readonly template: ResolvedTemplate) {}

  /**
   * Resolve a value a user gave (a string that may hold tokens): through the stack's own
   * resolver, then through this template's intrinsics. A token of a resource of another
   * stack becomes `Unresolved`.
   */
  public resolveToken(value: string): string | Unresolved {
    // As Token.isUnresolved reads a string: no "Token[" means no token (the markers' scan
    // below finds the rest, and gives the string back as it is when it holds none).
    if (!value.includes('Token[')) {
      return value;
    }
    const marked = this.resolveMarkers(value);
    if (marked !== undefined) {
      return marked;
    }
    // Token by token (each resolved once per template), literals kept: a question like
    // `bucket.arnForObjects(`private/${id}/a.jpg`)` is a new string every time, its tokens are not.
    const fragments = Tokenization.reverseString(value);
    const unresolved: Unresolved[] = [];
    const mapped = fragments.mapTokens({
      mapToken: (token) => {
        const resolved = this.resolveOneToken(token);
        if (resolved instanceof Unresolved) {
          unresolved.push(resolved);
          return '';
        }
        return resolved;
      },
    });
    if (unresolved.length > 0) {
      return combineUnresolved(unresolved);
    }
    const joined = mapped.join({ join: (left: any, right: any) => `${left}${right}` });
    return typeof joined === 'string' ? joined : String(joined);
  }

  /**
   * `resolveToken` for the common case, a string whose tokens are all string markers
   * (`${Token[...]}`, as `bucket.arnForObjects(...)` makes): each marker is resolved once by
   * its text, the literal text kept. Undefined when the string holds a number token: the
   * general path handles it.
   */
  private resolveMarkers(value: string): string | Unresolved | undefined {
    const markers = this.markerPattern;
    markers.lastIndex = 0;
    const unresolved: Unresolved[] = [];
    let out = '';
    let last = 0;
    for (let m = markers.exec(value); m !== null; m = markers.exec(value)) {
      if (m[1] === undefined) {
        return undefined;
      }
      let resolved = this.markers.get(m[0]);
      if (resolved === undefined) {
        const at = markers.lastIndex;
        const fragments = Tokenization.reverseString(m[0]);
        if (fragments.length !== 1 || fragments.firstToken === undefined) {
          return undefined;
        }
        resolved = this.resolveOneToken(fragments.firstToken);
        this.markers.set(m[0], resolved);
        markers.lastIndex = at;
      }
      out += value.slice(last, m.index);
      last = m.index + m[0].length;
      if (resolved instanceof Unresolved) {
        unresolved.push(resolved);
      } else {
        out += resolved;
      }
    }
    if (unresolved.length > 0) {
      return combineUnresolved(unresolved);
    }
    return out + value.slice(last);
  }

  private resolveOneToken(token: IResolvable): string | Unresolved {
    let resolved = this.tokens.get(token);
    if (resolved === undefined) {
      resolved = this.resolveFreshToken(token);
      this.tokens.set(token, resolved);
    }
    return resolved;
  }

  private resolveFreshToken(token: IResolvable): string | Unresolved {
    if (Reference.isReference(token) && Stack.of(token.target) !== this.stack) {
      return new Unresolved(`${token.target.node.path} (a resource of the stack ${Stack.of(token.target).stackName}, not of the pool's stack ${this.template.stackName})`);
    }
    const raw = this.stack.resolve(token);
    const resolved = this.template.resolve(raw);
    if (typeof resolved === 'string' || resolved instanceof Unresolved) {
      return resolved;
    }
    if (typeof resolved === 'number' || typeof resolved === 'boolean') {
      return String(resolved);
    }
    return new Unresolved(`${JSON.stringify(raw)} (not a string once resolved)`);
  }
}

/**
 * What aws-cdk-lib reads as a token in a string: a string marker `${Token[<key>]}` (the key
 * captured), or a number token's text.
 */
const STRING_TOKENS = /\$\{Token\[([a-zA-Z0-9:._-]+)\]\}|-1\.\d{10,16}e\+289/;

/**
 * The logical id of a pool's `AWS::Cognito::IdentityPool` in the template of its stack, or
 * undefined when the pool is not defined there (an imported pool).
 */
export function poolLogicalIdOf(pool: IConstruct & { readonly identityPoolId: string }): string | undefined {
  const stack = Stack.of(pool);
  const ref = stack.resolve(pool.identityPoolId);
  const logicalId = typeof ref === 'object' && ref !== null && typeof ref.Ref === 'string' ? ref.Ref : undefined;
  const defined = logicalId !== undefined && pool.node.findAll().some((c) => CfnResource.isCfnResource(c)
    && c.cfnResourceType === 'AWS::Cognito::IdentityPool' && Stack.of(c) === stack && stack.resolve(c.logicalId) === logicalId);
  return defined ? logicalId : undefined;
}

/** The app's role constructs of a stack, by the logical id of their `AWS::IAM::Role`, found when first asked. */
export function stackRoleConstructs(stack: Stack): (logicalId: string) => iam.IRole | undefined {
  let roles: Map<string, iam.IRole> | undefined;
  return (logicalId) => {
    if (!roles) {
      roles = new Map();
      for (const c of stack.node.findAll()) {
        if (CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Role' && Stack.of(c) === stack) {
          const parent = c.node.scope as IConstruct | undefined;
          if (parent && isRole(parent)) {
            roles.set(stack.resolve(c.logicalId), parent);
          }
        }
      }
    }
    return roles.get(logicalId);
  };
}

function isRole(c: IConstruct): c is iam.IRole {
  return c instanceof iam.Role || (typeof (c as any).roleArn === 'string' && typeof (c as any).grantAssumeRole === 'function');
}
