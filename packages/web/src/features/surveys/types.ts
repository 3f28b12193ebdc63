import type { z } from 'zod';
import type * as C from '@vefa/contract';

export type Survey = z.infer<typeof C.Survey>;
export type SurveyCreate = z.input<typeof C.SurveyCreate>;
export type SurveyType = z.infer<typeof C.SurveyType>;
export type Distribution = z.infer<typeof C.Distribution>;
export type DistributionCreate = z.input<typeof C.DistributionCreate>;
export type SurveyResults = z.infer<typeof C.SurveyResults>;
export type SurveyTheme = z.infer<typeof C.SurveyTheme>;
export type SurveyResponse = z.infer<typeof C.SurveyResponse>;
export type PublicSurveyView = z.infer<typeof C.PublicSurveyView>;
export type PublicSurveySubmit = z.input<typeof C.PublicSurveySubmit>;
export type PublicSurveyThanks = z.infer<typeof C.PublicSurveyThanks>;
export type Localized = { az: string; tr: string; en: string };
export type QuestionKind = z.infer<typeof C.SurveyQuestionKind>;
export type SurveyPublicLink = z.infer<typeof C.SurveyPublicLink>;

export const SURVEY_TYPES: readonly SurveyType[] = ['nps', 'csat', 'ces', 'custom'];
export const SCALES: Record<Exclude<SurveyType, 'custom'>, { min: number; max: number }> = { nps: { min: 0, max: 10 }, csat: { min: 1, max: 5 }, ces: { min: 1, max: 7 } };
export const QUESTION_KINDS: readonly QuestionKind[] = ['single', 'multiple', 'rating', 'text'];
