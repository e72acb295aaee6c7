export * from './channels';
export * from './kpi-columns';
export * from './messages';
