export * from './businessCalendar.ts';
export * from './businessTime.ts';
export * from './publicHolidays.ts';
export * from './slaClock.ts';
export * from './slaPolicy.ts';
