export * from './alerts';
export * from './channels';
export * from './kpi-columns';
export * from './kpi-history';
export * from './lane-flows';
export * from './messages';
export * from './protocol';
