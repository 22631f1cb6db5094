export * from './identity-provider';
export * from './identity-pool';
export * from './folder-grant-options';
export * from './role-mapping';
export * from './developer-provider';
export * from './policy-variable';
export * from './simulator/access-decision';
export * from './simulator/simulator';
