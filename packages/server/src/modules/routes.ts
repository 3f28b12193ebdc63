import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from './auth/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { customerRoutes } from './customers/routes.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { loyaltyRoutes } from './loyalty/routes.ts';

/** Every capability's routes, mounted under /api/v1. A new module adds one line. */
export const MODULE_ROUTES: FastifyPluginAsync[] = [authRoutes, adminRoutes, customerRoutes, analyticsRoutes, loyaltyRoutes];
