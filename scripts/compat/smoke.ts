/**
 * Every feature of the library in one stack, synthesized by scripts/compat-floor.sh against
 * the oldest aws-cdk-lib and constructs the peer dependencies allow, from a copy of
 * src/ laid out as in the repository, with its own node_modules.
 */
import { App, Stack, Tags } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Decision, DeveloperProvider, IdentityPool, IdentityPoolSimulator, IdentityProvider, RoleMapping, RoleMappingRule } from '../../src';

const app = new App({ outdir: process.argv[2] });
const stack = new Stack(app, 'Compat');
const userPool = new cognito.UserPool(stack, 'Users');
const client = userPool.addClient('Web');
const users = IdentityProvider.userPool(userPool, client);
const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users, IdentityProvider.google('g')], allowUnauthenticatedIdentities: true });
Tags.of(pool).add('team', 'x');
new RoleMapping(stack, 'M', { identityPool: pool, provider: users, rules: [RoleMappingRule.equals('cognito:groups', 'a', pool.createRole('A'))] });
const dev = new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
dev.grantGetOpenIdToken(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }));
pool.addPrincipalTags(users, { tags: { dept: 'custom:dept' } });
IdentityPool.fromIdentityPoolId(stack, 'Imp', 'us-east-1:0000-abcd').setAllowClassicFlow(true);
const template = app.synth().getStackByName('Compat').template;
const types = Object.values<{ Type: string }>(template.Resources).map((r) => r.Type);
console.log(`synthesized ${types.length} resources: ${[...new Set(types)].sort().join(', ')}`);

// The simulator on the floor too: of() on the app, fromTemplate on the synthesized template.
const simulated = IdentityPoolSimulator.of(pool).signIn(users, { claims: { 'cognito:groups': ['a'], 'custom:dept': 'eng' } });
const fromTemplate = IdentityPoolSimulator.fromTemplate(JSON.stringify(template), { stackName: 'Compat' });
const fromName = fromTemplate.signIn(fromTemplate.providerNames[0], { claims: { 'cognito:groups': ['a'], 'custom:dept': 'eng' } });
const decisions = [simulated, fromName].map((s) => s.evaluate('s3:GetObject', 'arn:aws:s3:::elsewhere/a', { resourcePolicy: { Statement: [] } }).decision);
if (!simulated.granted || !fromName.granted || fromName.principalTags.dept !== 'eng' || decisions.some((d) => d !== Decision.DENIED)) {
  throw new Error(`the simulator on the floor: ${simulated.reason}; ${fromName.reason}; ${decisions.join(', ')}`);
}
if (simulated.roleArn !== fromName.roleArn) throw new Error(`of() chose ${simulated.roleArn}, fromTemplate ${fromName.roleArn}`);
console.log('simulated: of() and fromTemplate give the same role, tags and decision');
