// Index methodology (docs/indices.md): pure formulas shared by the server and the client.
export * from './api';
export * from './calendar';
export * from './composite';
export * from './metrics';
export * from './monthly';
export * from './raw-sums';
export * from './rolling';
export * from './time-zone';
export * from './weights';
