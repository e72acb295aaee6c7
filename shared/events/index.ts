export * from './common';
export * from './event';
export * from './flight-departure';
export * from './gate-scan';
export * from './point-conversion';
export * from './weighbridge';
