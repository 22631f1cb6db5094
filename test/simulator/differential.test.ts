/**
 * Issue 14, item 7: the access simulator and the test emulator were written independently from
 * the same contract (docs/service-contract.md); on every end-to-end scenario they must agree on who
 * gets credentials, which role, which session tags, and the region of the identity id (§3).
 *
 * Emulator side: the app's template deployed into the Cognito Identity emulator
 * (test/support/deploy.ts), then the real SDK's GetId + GetCredentialsForIdentity with a test
 * token (developer identities: GetOpenIdTokenForDeveloperIdentity first). Simulator side:
 * `IdentityPoolSimulator.of(pool).signIn(...)` on a fresh build of the same app. Roles are
 * compared by logical id (each side names physical resources its own way); tag values that are
 * physical ids (a `client` tag is the app client id) are compared by logical id too. A
 * disagreement fails with both answers.
 */
import { Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IdentityProviderType } from '../../src';
import { IdentityPoolSimulator } from '../../src/simulator/simulator';
import { ResolvedTemplate } from '../../src/simulator/template';
import { deployTemplate, Deployment } from '../support/deploy';
import { liveEmulator } from '../support/emulator-fixture';
import { assertBundleBuilt } from '../support/handler-harness';
import { Scenario, ScenarioApp, SCENARIOS, SignIn } from '../support/scenarios';
import { credentialsFor, developerCredentialsFor, IssuedCredentials, oidcIdToken, testToken, userPoolIdToken } from '../support/tokens';
import { deployedGroups, withGroupRoleClaims } from '../support/user-pool';
import { logicalId } from '../util';

/** One side's answer, in terms both sides share. */
interface Answer {
  readonly granted: boolean;
  /** The role's logical id, or its ARN for a role outside the template; undefined when not granted. */
  readonly role?: string;
  /** Session tags; values that are a resource's physical id shown as `{LogicalId}`. */
  readonly tags?: Record<string, string>;
  /** The region the identity id names (§3: the pool's). */
  readonly identityRegion?: string;
  /** Why (the service error or the simulator's reason); not compared. */
  readonly reason: string;
}

const live = liveEmulator();
beforeAll(() => assertBundleBuilt());

// ---------------------------------------------------------------- emulator side

async function emulatorAnswers(scenario: Scenario): Promise<Answer[]> {
  const app = scenario.build();
  const deployment = await deployTemplate(Template.fromStack(app.stack).toJSON(), { emulator: live.emulator });
  const answers: Answer[] = [];
  for (const signIn of app.signIns) {
    try {
      const issued = await emulatorSignIn(app, deployment, signIn);
      answers.push({
        granted: true,
        role: roleOfArn(deployment, issued.roleArn),
        tags: byLogicalId(issued.sessionTags, physicalIds(deployment)),
        identityRegion: issued.identityId.split(':')[0],
        reason: 'GetCredentialsForIdentity issued credentials',
      });
    } catch (e) {
      const error = e as Error;
      answers.push({ granted: false, reason: `${error.name}: ${error.message}` });
    }
  }
  return answers;
}

/** What a client of the deployed pool sends for this user, through the real SDK. */
async function emulatorSignIn(app: ScenarioApp, deployment: Deployment, signIn: SignIn): Promise<IssuedCredentials> {
  const resolve = (value: string): string => Token.isUnresolved(value) ? String(deployment.resolve(app.stack.resolve(value))) : value;
  const claims = Object.fromEntries(Object.entries(signIn.claims ?? {})
    .map(([name, value]) => [name, Array.isArray(value) ? value.map(resolve) : resolve(value)]));
  const provider = signIn.provider;
  if (!provider) {
    return credentialsFor(live.client, live.emulator, deployment.poolId);
  }
  const loginsKey = resolve(provider.loginsKey);
  const customRoleArn = signIn.customRoleArn === undefined ? undefined : resolve(signIn.customRoleArn);
  let token: string;
  switch (provider.type) {
    case IdentityProviderType.USER_POOL:
      // The user pool adds the role claims of the user's groups when it issues the ID token.
      token = userPoolIdToken(loginsKey, resolve(provider._details.userPoolClientId!),
        withGroupRoleClaims(claims, loginsKey.split('/').pop()!, deployedGroups(deployment)));
      break;
    case IdentityProviderType.SOCIAL:
      token = testToken({ iss: `https://${loginsKey}`, aud: provider._details.appId, ...claims });
      break;
    case IdentityProviderType.OPEN_ID_CONNECT:
      token = oidcIdToken(loginsKey, String(claims.aud), claims);
      break;
    case IdentityProviderType.SAML:
      // The claims stand in for the assertion's attributes (test/support/tokens.ts).
      token = testToken(claims);
      break;
    case IdentityProviderType.DEVELOPER:
      return developerCredentialsFor(live.client, live.emulator, deployment.poolId, {
        providerName: loginsKey, user: String(claims.sub), principalTags: signIn.principalTags, customRoleArn,
      });
    default:
      throw new Error(`the differential test does not sign in with ${provider}`);
  }
  return credentialsFor(live.client, live.emulator, deployment.poolId, { [loginsKey]: token }, customRoleArn);
}

/** A role's logical id from the ARN deploy.ts gave it; the ARN itself for a role outside the template. */
function roleOfArn(deployment: Deployment, arn: string): string {
  const found = deployment.resources.find((r) => r.type === 'AWS::IAM::Role' && r.attributes.Arn === arn);
  return found ? found.logicalId : arn;
}

function physicalIds(deployment: Deployment): Map<string, string> {
  return new Map(deployment.resources.map((r) => [r.physicalId, r.logicalId]));
}

// ---------------------------------------------------------------- simulator side

function simulatorAnswers(scenario: Scenario): Answer[] {
  const app = scenario.build();
  const simulator = IdentityPoolSimulator.of(app.pool);
  const standIns = simulatorStandIns(app);
  return app.signIns.map((signIn) => {
    const result = signIn.provider
      ? simulator.signIn(signIn.provider, { claims: signIn.claims, customRoleArn: signIn.customRoleArn, principalTags: signIn.principalTags })
      : simulator.signInAsGuest();
    if (!result.granted) {
      return { granted: false, reason: result.reason };
    }
    return {
      granted: true,
      role: result.role ? logicalId(result.role) : result.roleArn,
      tags: byLogicalId(result.principalTags ?? {}, standIns),
      identityRegion: result.identityId?.split(':')[0],
      reason: result.reason,
    };
  });
}

/** The simulator's stand-in physical id of each resource of the template, by value. */
function simulatorStandIns(app: ScenarioApp): Map<string, string> {
  const template = ResolvedTemplate.of(app.stack);
  const ids = new Map<string, string>();
  for (const id of Object.keys(template.resources)) {
    const ref = template.resolve({ Ref: id });
    if (typeof ref === 'string') ids.set(ref, id);
  }
  return ids;
}

// ---------------------------------------------------------------- comparison

function byLogicalId(tags: Record<string, string>, physical: Map<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, physical.has(value) ? `{${physical.get(value)}}` : value]));
}

function describeSignIn(signIn: SignIn): string {
  return signIn.provider ? `${signIn.user} (${signIn.provider})` : signIn.user;
}

describe('the simulator and the emulator agree on every end-to-end scenario', () => {
  test.each(SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    const fromEmulator = await emulatorAnswers(scenario);
    const fromSimulator = simulatorAnswers(scenario);
    const signIns = scenario.build().signIns;
    const disagreements = signIns.flatMap((signIn, i) => {
      const [e, s] = [fromEmulator[i], fromSimulator[i]];
      const sameTags = JSON.stringify(sorted(e.tags)) === JSON.stringify(sorted(s.tags));
      const same = e.granted === s.granted && (!e.granted || (e.role === s.role && sameTags && e.identityRegion === s.identityRegion));
      return same ? [] : [`${describeSignIn(signIn)}:\n  emulator:  ${JSON.stringify(e)}\n  simulator: ${JSON.stringify(s)}`];
    });
    expect(disagreements).toEqual([]);
    if (scenario.title.includes('(unsettled)')) {
      // §4: an answer resting on an unsettled point must say so, not pass as the service's.
      fromSimulator.forEach((answer) => expect(answer.reason).toContain('unsettled'));
    }
  });

  test('the scenarios exercise both answers: some users get credentials and some are refused', async () => {
    const answers = SCENARIOS.flatMap((scenario) => simulatorAnswers(scenario));
    expect(answers.filter((a) => a.granted).length).toBeGreaterThan(5);
    expect(answers.filter((a) => !a.granted).length).toBeGreaterThan(5);
  });
});

function sorted(tags: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(tags ?? {}).sort(([a], [b]) => a.localeCompare(b));
}
