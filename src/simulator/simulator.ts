import { Stack } from 'aws-cdk-lib';
import { poolLogicalIdOf, StackTokens, stackRoleConstructs } from './from-stack';
import { SignInOptions } from './options';
import { poolView } from './pool-view';
import { PoolSimulation } from './sign-in';
import { SimulatedSession } from './simulated-session';
import { ResolvedTemplate } from './template';
import { IIdentityPool } from '../identity-pool-interfaces';
import { IdentityProvider } from '../identity-provider';

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
    return new IdentityPoolSimulator(new PoolSimulation(poolView(template, logicalId), new StackTokens(stack, template), stackRoleConstructs(stack)));
  }

  private constructor(private readonly simulation: PoolSimulation) {}

  /**
   * Sign a user in with one of the pool's providers, as `GetId` then
   * `GetCredentialsForIdentity` would (the enhanced flow).
   *
   * A provider the pool does not accept is not an error: the session is not granted and its
   * `reason` says why, as the service would.
   *
   * @param provider the provider the user signs in with (for developer identities, `DeveloperProvider.provider`)
   * @param options the claims of the user's token, the role asked for, developer principal tags
   */
  public signIn(provider: IdentityProvider, options: SignInOptions = {}): SimulatedSession {
    // By shape, not class: a second copy of the library in node_modules is still a provider.
    if (!provider || typeof provider.type !== 'string' || typeof provider.loginsKey !== 'string' || !provider._details) {
      throw new Error('IdentityPoolSimulator.signIn: invalid provider: give an IdentityProvider (IdentityProvider.userPool(...), DeveloperProvider.provider, ...)');
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
