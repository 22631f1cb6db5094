/**
 * The independent IAM evaluator the differential runs against: @cloud-copilot/iam-simulate's
 * core `authorize`, given each request's context verbatim (its public `runSimulation` would
 * filter the context keys by action and reshape their values).
 *
 * @cloud-copilot/iam-simulate is AGPL-3.0: a devDependency that only this test support module
 * (for test/simulator/oracle.test.ts and scripts/bench.ts) loads; nothing in src/ or lambda/
 * imports it, and it is neither bundled nor shipped (test/architecture.test.ts checks both).
 */
import * as path from 'path';
import { loadPolicy } from '@cloud-copilot/iam-policy';
import { IamCase, SESSION_ARN, ACCOUNT } from './iam-cases';

/* eslint-disable @typescript-eslint/no-require-imports */
// The package's `exports` map hides its core engine; its files are loaded by path.
const base = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
const { authorize } = require(path.join(base, 'core_engine/CoreSimulatorEngine.js'));
const { AwsRequestImpl } = require(path.join(base, 'request/request.js'));
const { RequestContextImpl } = require(path.join(base, 'requestContext.js'));
const { DiscoveryContextKeyConstraints } = require(path.join(base, 'context_keys/discoveryContextKeyConstraints.js'));
/* eslint-enable @typescript-eslint/no-require-imports */

/** The oracle's answer. */
export type OracleResult = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** A case made ready for the oracle once (its policies parsed), to be decided many times in the benchmark. */
export function prepareOracle(c: IamCase): () => OracleResult {
  const named = (docs: any[], prefix: string) => docs.map((d, i) => loadPolicy(d, { name: `${prefix}${i}` }));
  const input = {
    sessionPolicy: c.session ? loadPolicy(c.session, { name: 'SessionPolicy' }) : undefined,
    identityPolicies: named(c.identity, 'identity'),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.resourcePolicy ? loadPolicy(c.resourcePolicy, { name: 'ResourcePolicy' }) : undefined,
    permissionBoundaries: c.boundary ? named([c.boundary], 'boundary') : undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: {},
  };
  const resourceAccount = c.resource.split(':')[4] || ACCOUNT;
  return () => authorize({
    ...input,
    request: new AwsRequestImpl(SESSION_ARN, { resource: c.resource, accountId: resourceAccount }, c.action,
      new RequestContextImpl(c.context), false),
  }).result as OracleResult;
}

/** The oracle's answer to one case. */
export function oracleDecision(c: IamCase): OracleResult {
  return prepareOracle(c)();
}
