import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from './auth/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { customerRoutes } from './customers/routes.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { loyaltyRoutes } from './loyalty/routes.ts';
import { serviceRoutes } from './service/routes.ts';
import { campaignRoutes } from './campaigns/routes.ts';
import { accountRoutes } from './accounts/routes.ts';
import { surveyRoutes } from './surveys/routes.ts';

/** Every capability's routes, mounted under /api/v1. A new module adds one line. */
export const MODULE_ROUTES: FastifyPluginAsync[] = [authRoutes, adminRoutes, customerRoutes, analyticsRoutes, loyaltyRoutes, serviceRoutes, accountRoutes, campaignRoutes, surveyRoutes];
