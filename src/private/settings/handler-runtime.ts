import type * as lambdaTypes from 'aws-cdk-lib/aws-lambda';

/**
 * The Node.js major version of the Lambda runtime the settings handler (lambda/, bundled into
 * assets/settings-handler) ships for: the one place it is written. From it come the runtime
 * the construct writes (settingsHandlerRuntime), the bundle's esbuild target (the
 * bundle-handler task in .projenrc.ts) and the Node.js the handler tests stand for (.ci/run
 * runs them on a pinned release of this major, test/support/handler-runtime.ts checks it).
 *
 * Moving the handler to a newer runtime is changing this number (and pinning that Node.js
 * in .ci/node-versions, which test/toolchain.test.ts requires).
 */
export const HANDLER_NODE_MAJOR = 22;

/** The Lambda runtime identifier, as the function's `Runtime` property reads: `nodejs22.x`. */
export const HANDLER_RUNTIME_NAME = `nodejs${HANDLER_NODE_MAJOR}.x`;

/**
 * aws-cdk-lib's Lambda runtime object for HANDLER_RUNTIME_NAME. `lambda` is passed in because
 * the library loads aws-cdk-lib's Lambda module only when a stack needs the handler.
 */
export function settingsHandlerRuntime(lambda: typeof lambdaTypes): lambdaTypes.Runtime {
  // Not a variable runtime (such as a "latest" one) that happens to have the same name today.
  const runtime = lambda.Runtime.ALL.find((r) => r.name === HANDLER_RUNTIME_NAME && !r.isVariable);
  if (!runtime) {
    throw new Error(`cdk-identity-pool: this aws-cdk-lib has no Lambda runtime ${HANDLER_RUNTIME_NAME}, the settings handler's`);
  }
  return runtime;
}
