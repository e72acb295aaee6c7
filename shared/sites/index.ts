export * from './default-sites';
export * from './regions';
export * from './registry';
