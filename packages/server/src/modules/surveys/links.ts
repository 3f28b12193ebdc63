import { signSurveyLinkToken, signSurveyToken } from '@vefa/domain/surveys/index';
import { hmacSha256 } from './settings.ts';

export interface LinkedInvitation { workspaceId: string; id: string; surveyId: string; customerId: string; expiresAt: Date }

export function invitationToken(signingKey: string, inv: LinkedInvitation): string {
  return signSurveyToken(hmacSha256, signingKey, { workspaceId: inv.workspaceId, invitationId: inv.id, surveyId: inv.surveyId, customerId: inv.customerId, expiresAt: inv.expiresAt });
}

/** The answer page of the web app (outside the signed-in layout). */
export function answerUrl(publicUrl: string, token: string, score?: number): string {
  return `${publicUrl.replace(/\/$/, '')}/s/${token}${score === undefined ? '' : `?score=${score}`}`;
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/s/${token}?unsubscribe=1`;
}

/** The survey's own public link (answers belong to no customer); `embed` renders it compactly for an iframe. */
export function surveyLinkUrl(publicUrl: string, signingKey: string, workspaceId: string, surveyId: string, embed = false): string {
  return `${publicUrl.replace(/\/$/, '')}/s/${signSurveyLinkToken(hmacSha256, signingKey, workspaceId, surveyId)}${embed ? '?embed=1' : ''}`;
}
