// Key-account management, pure core: the work-cycle pipeline, individual
// pricing and bonus terms, account health, win rates, iCalendar invitations
// and the calendar arithmetic of reminders and monthly reports.
export * from './stages.ts';
export * from './money.ts';
export * from './pricing.ts';
export * from './health.ts';
export * from './ics.ts';
export * from './calendar.ts';
