import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { LITERAL_VALUES, poolLogicalIdOf, QuestionResolver, StackTokens, stackRoleConstructs } from './from-stack';
import { SignInOptions } from './options';
import { choosePool, poolView } from './pool-view';
import { PoolSimulation } from './sign-in';
import { SimulatedSession } from './simulated-session';
import { ResolvedTemplate } from './template';
import { readTemplate } from './template-text';
import { IIdentityPool } from '../identity-pool-interfaces';
import { IdentityProvider } from '../identity-provider';

/**
 * Options of `IdentityPoolSimulator.fromTemplate`: where the template is deployed and which pool
 * of it to simulate.
 */
export interface FromTemplateOptions {
  /**
   * The account the template is deployed to.
   *
   * @default '123456789012'
   */
  readonly account?: string;

  /**
   * The region the template is deployed to.
   *
   * @default 'us-east-1'
   */
  readonly region?: string;

  /**
   * The partition.
   *
   * @default - the region's: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`
   */
  readonly partition?: string;

  /**
   * The stack's name, which CloudFormation builds the names of unnamed resources from.
   *
   * @default 'Stack'
   */
  readonly stackName?: string;

  /**
   * Values of the template's parameters, over their defaults. A parameter with neither (or read
   * from SSM) is unresolved: what depends on it is `UNDETERMINED`.
   *
   * @default - the parameters' defaults
   */
  readonly parameters?: { [name: string]: string };

  /**
   * The logical id of the `AWS::Cognito::IdentityPool` to simulate, when the template has
   * several.
   *
   * @default - the template's only identity pool
   */
  readonly pool?: string;
}

/**
 * Simulates an identity pool as its stack would deploy it: who gets which role and which
 * session tags, and what those credentials may do, answered in a unit test before any deploy.
 *
 * It reads the synthesized template of the pool's stack (as `Template.fromStack` does, so
 * synthesize after the app is complete), with physical ids replaced by deterministic
 * stand-ins, and follows the service's decision order: the provider (docs/service-contract.md §1),
 * the role (§4), the role's trust and the session tags (§2, §5, §6), then IAM's policy
 * evaluation over the role's policies (§6). It never guesses: what depends on something the
 * template does not hold is answered `Decision.UNDETERMINED`, naming it.
 *
 * An environment-agnostic stack is simulated in the stand-in region `us-east-1` and account
 * `123456789012`.
 */
export class IdentityPoolSimulator {
  /**
   * Simulate a pool of this library (`new IdentityPool(...)`). Reads the template of the pool's
   * stack once; sign in as many users as you like afterwards.
   *
   * Like `Template.fromStack`, it synthesizes the app the first time and reuses that synthesis
   * afterwards (so it costs nothing more in a test that already called `Template.fromStack`):
   * finish the app before calling it.
   *
   * @param pool the pool; it must be defined in a stack of the app, not imported
   */
  public static of(pool: IIdentityPool): IdentityPoolSimulator {
    const stack = Stack.of(pool);
    const logicalId = poolLogicalIdOf(pool);
    if (logicalId === undefined) {
      throw new Error(
        `IdentityPoolSimulator.of: invalid pool ${pool.node.path}: the simulator reads a pool's configuration from the template of the stack that defines it; ` +
          'a pool imported with fromIdentityPoolId or fromIdentityPoolArn is configured elsewhere, so simulate the stack that defines it',
      );
    }
    const template = ResolvedTemplate.of(stack);
    return IdentityPoolSimulator.simulate(template, logicalId, new StackTokens(stack, template), stackRoleConstructs(stack));
  }

  /**
   * Simulate an identity pool of any CloudFormation template: one made with aws-cdk-lib's
   * built-in identity pool module, plain CloudFormation, SAM or Amplify, or this library. The
   * same engine and reasons as `of`.
   *
   * The template is given as its parsed object or as its JSON or YAML text (YAML with the short
   * forms `!Ref`, `!GetAtt`, `!Sub`, ...). Values nobody can resolve before a deploy
   * (`Fn::ImportValue`, a parameter without a value, one read from SSM) stay unresolved, and what
   * depends on them is `UNDETERMINED`.
   *
   * The simulator reads the template when made and answers every sign-in from that reading:
   * make it once for all your questions. For several pools of one text, parse it once (with
   * `JSON.parse`, or a YAML reader with CloudFormation's tags) and give each call the object.
   *
   * @param template the template: an object, or its JSON or YAML text
   * @param options where it is deployed, its parameters, which pool
   */
  public static fromTemplate(template: any, options: FromTemplateOptions = {}): IdentityPoolSimulator {
    const parsed = readTemplate(template);
    const resolved = new ResolvedTemplate(parsed, {
      account: options.account, region: options.region, partition: options.partition, stackName: options.stackName, parameters: options.parameters,
    });
    return IdentityPoolSimulator.simulate(resolved, choosePool(resolved, options.pool), LITERAL_VALUES);
  }

  /** The one path of `of` and `fromTemplate`: a simulation of one pool of a resolved template. */
  private static simulate(
    template: ResolvedTemplate, logicalId: string, tokens: QuestionResolver, roles?: (logicalId: string) => iam.IRole | undefined,
  ): IdentityPoolSimulator {
    return new IdentityPoolSimulator(new PoolSimulation(poolView(template, logicalId), tokens, roles));
  }

  private constructor(private readonly simulation: PoolSimulation) {}

  /**
   * The names the pool accepts in `Logins`, as its template configures them: each user pool's
   * provider name, each public provider's domain, each OIDC provider's issuer, each SAML
   * provider's ARN, the developer provider name. Any of them can be given to `signIn`.
   */
  public get providerNames(): string[] {
    return this.simulation.logins;
  }

  /**
   * Sign a user in with one of the pool's providers, as `GetId` then
   * `GetCredentialsForIdentity` would (the enhanced flow).
   *
   * A provider the pool does not accept is not an error: the session is not granted and its
   * `reason` says why, as the service would.
   *
   * @param provider the provider the user signs in with: an `IdentityProvider` (for developer
   * identities, `DeveloperProvider.provider`), or the name users send in `Logins`
   * (`providerNames` lists them; a user pool's app client is the token's `aud` when the pool
   * accepts several)
   * @param options the claims of the user's token, the role asked for, developer principal tags
   */
  public signIn(provider: IdentityProvider | string, options: SignInOptions = {}): SimulatedSession {
    // By shape, not class: a second copy of the library in node_modules is still a provider.
    if (typeof provider !== 'string' && (!provider || typeof provider.type !== 'string' || typeof provider.loginsKey !== 'string' || !provider._details)) {
      throw new Error('IdentityPoolSimulator.signIn: invalid provider: give an IdentityProvider (IdentityProvider.userPool(...), DeveloperProvider.provider, ...) ' +
        'or the name users send in Logins (providerNames lists them)');
    }
    return this.simulation.signIn(provider, options);
  }

  /**
   * Get guest credentials, as `GetId` without logins then `GetCredentialsForIdentity` would
   * (the enhanced flow). Each call is a new guest, with its own identity id (the same
   * sequence of ids in every run). Guests are let in only when the pool allows
   * unauthenticated identities, and their sessions carry the enhanced flow's scope-down
   * policy (docs/service-contract.md §6).
   */
  public signInAsGuest(): SimulatedSession {
    return this.simulation.signInAsGuest();
  }
}
