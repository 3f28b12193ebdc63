import { z } from 'zod';
import { IsoDate } from '../platform/common.ts';

export const ServiceReportQuery = z.object({
  from: IsoDate,
  to: IsoDate.describe('Inclusive'),
  language: z.enum(['az', 'tr', 'en']).default('en'),
});
export type ServiceReportQuery = z.infer<typeof ServiceReportQuery>;

const Count = z.object({ key: z.string(), label: z.string(), count: z.number().int() });
const Minutes = z.object({
  count: z.number().int(), medianMinutes: z.number().nullable(), averageMinutes: z.number().nullable(),
  withinSla: z.number().int(), breached: z.number().int(), withinSlaRate: z.number().nullable(),
});

export const ServiceReport = z.object({
  from: IsoDate,
  to: IsoDate,
  generatedAt: z.string(),
  satisfaction: z.object({
    responses: z.number().int(),
    average: z.number().nullable(),
    /** Share of 4 and 5 answers. */
    satisfiedRate: z.number().nullable(),
    trend: z.array(z.object({ month: z.string(), responses: z.number().int(), average: z.number().nullable() })),
  }),
  volume: z.object({
    opened: z.number().int(),
    resolved: z.number().int(),
    byCategory: z.array(Count),
    byChannel: z.array(Count),
    byDepartment: z.array(Count),
    byType: z.array(Count),
    byRootCause: z.array(Count),
  }),
  topIssues: z.array(z.object({ category: z.string(), count: z.number().int(), reopened: z.number().int() })),
  actionsTaken: z.array(z.object({ caseNumber: z.string(), category: z.string().nullable(), rootCause: z.string(), actionTaken: z.string(), resolvedAt: z.string() })),
  firstResponse: Minutes,
  resolution: Minutes,
  backlog: z.object({ open: z.number().int(), breached: z.number().int(), olderThan7Days: z.number().int(), byStatus: z.array(Count) }),
});
export type ServiceReport = z.infer<typeof ServiceReport>;

export const MonthlyReportSummary = z.object({ id: z.string(), from: IsoDate, to: IsoDate, createdAt: z.string(), sentAt: z.string().nullable() });
export type MonthlyReportSummary = z.infer<typeof MonthlyReportSummary>;
