/**
 * The AWS SDK for JavaScript warns, once per module registry, that its releases after January
 * 2027 need Node.js 22. Jest gives every test file its own registry, so `npm test` on Node.js 20
 * printed the same notice once per file that loads the SDK (and once per handler process).
 * The handler runs on Lambda's Node.js 22, where the notice does not apply; the SDK reads this
 * variable in each process, so child processes the tests start inherit it.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
