export * from './identity-provider';
export * from './identity-pool';
export * from './folder-grant-options';
export * from './role-mapping';
export * from './developer-provider';
export * from './policy-variable';
