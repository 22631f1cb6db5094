import { HANDLER_NODE_MAJOR, HANDLER_RUNTIME_NAME } from '../../src/private/settings/handler-runtime';

/**
 * Which Node.js the handler tests run on, against the Lambda runtime they stand for.
 *
 * The construct deploys the handler on HANDLER_RUNTIME_NAME (src/private/settings/handler-runtime.ts).
 * .ci/run runs the jest suite on the machine's Node.js and on every release pinned in
 * .ci/node-versions (one of them of HANDLER_NODE_MAJOR), and tells each run the version it
 * meant in CDK_IDP_EXPECT_NODE: a run labelled "Node.js 22.23.5" that ran on another binary
 * fails here instead of passing for the wrong version.
 */

export const RUNNING_NODE_VERSION = process.versions.node;
export const RUNNING_NODE_MAJOR = Number(RUNNING_NODE_VERSION.split('.')[0]);

/** The variable .ci/run sets to the Node.js version (x.y.z) it runs jest with. */
export const EXPECT_NODE_VARIABLE = 'CDK_IDP_EXPECT_NODE';

/** The oldest Node.js the project supports (package.json engines, ">= x.y.z"). */
function enginesFloor(): number[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const range: string = require('../../package.json').engines.node;
  const floor = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!floor) throw new Error(`package.json engines.node is "${range}"; expected ">= x.y.z"`);
  return floor.slice(1).map(Number);
}

function atLeast(version: string, floor: number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (parts[i] !== floor[i]) return parts[i] > floor[i];
  }
  return true;
}

/**
 * Register, in a handler test file, the test that names the Lambda runtime the file stands
 * for and checks the Node.js it runs on: the version .ci/run asked for when it asked, and in
 * any case one the project supports.
 */
export function testNodeUnderTest(): void {
  const standsFor = RUNNING_NODE_MAJOR === HANDLER_NODE_MAJOR
    ? `the handler's Lambda runtime ${HANDLER_RUNTIME_NAME} itself`
    : `not the handler's runtime ${HANDLER_RUNTIME_NAME} (its Node.js ${HANDLER_NODE_MAJOR} run is .ci/run's)`;
  test(`stands for Lambda ${HANDLER_RUNTIME_NAME}: running on Node.js ${RUNNING_NODE_VERSION}, ${standsFor}`, () => {
    expect(HANDLER_RUNTIME_NAME).toBe(`nodejs${HANDLER_NODE_MAJOR}.x`);
    const expected = process.env[EXPECT_NODE_VARIABLE];
    if (expected !== undefined) {
      expect({ [EXPECT_NODE_VARIABLE]: expected, running: RUNNING_NODE_VERSION }).toEqual({ [EXPECT_NODE_VARIABLE]: expected, running: expected });
    }
    expect({ running: RUNNING_NODE_VERSION, supported: atLeast(RUNNING_NODE_VERSION, enginesFloor()) })
      .toEqual({ running: RUNNING_NODE_VERSION, supported: true });
  });
}
