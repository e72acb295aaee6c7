// The one InfluxDB line-protocol codec of portpulse: types, parser, formatter, escaping rules and limits.
export * from './escape';
export * from './format';
export * from './limits';
export * from './parse';
export * from './parse-error';
export type * from './types';
