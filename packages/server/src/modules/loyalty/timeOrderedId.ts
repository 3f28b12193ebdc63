// Moved to the platform: every module keys rows and passes lists the same way.
export { timeOrderedUuid } from '../../platform/db/timeOrderedId.ts';
export { anyOf, pgArray } from '../../platform/db/sqlArray.ts';
