import type { FastifyPluginAsync } from 'fastify';
import { registerCustomerReference } from '../customers/merge.ts';
import { caseRoutes } from './cases/routes.ts';
import { serviceSettingsRoutes } from './settingsRoutes.ts';
import { servicePublicRoutes } from './publicRoutes.ts';
import { serviceReportRoutes } from './reports/routes.ts';
import { caseIntake } from './cases/intake.ts';
import { mailRoutes } from './mail/routes.ts';

// A customer merge re-points cases and satisfaction answers at the survivor.
registerCustomerReference('cases', 'customer_id');
registerCustomerReference('cases', 'company_id');
registerCustomerReference('csat_requests', 'customer_id');

/** The service desk under /api/v1/service (and its public pages under /api/v1/public). Channels add their routes below. */
export const serviceRoutes: FastifyPluginAsync = async (app) => {
  await app.register(caseRoutes);
  await app.register(serviceSettingsRoutes);
  await app.register(serviceReportRoutes);
  await app.register(servicePublicRoutes);
  await app.register(mailRoutes(caseIntake));
};
