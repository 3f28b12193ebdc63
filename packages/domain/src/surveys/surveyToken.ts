// Signed single-use links for survey invitations. The token carries the
// workspace, the invitation and the expiry; its MAC also covers the survey and
// the recipient, which the server reads from the invitation row. A token
// therefore cannot be replayed against another survey or customer even if a
// row were re-pointed, and cannot be stretched past its expiry. Single use is
// the server's job (a unique answer per invitation).

/** HMAC-SHA256 of `message` under `key`, as base64url: injected so the domain does no I/O. */
export type Hmac = (key: string, message: string) => string;

export interface SurveyTokenClaims {
  workspaceId: string;
  invitationId: string;
  surveyId: string;
  customerId: string;
  expiresAt: Date;
}

const MAC_LENGTH = 22; // 132 bits of base64url
const HEX32 = /^[0-9a-f]{32}$/;

const hexOf = (uuid: string) => uuid.replaceAll('-', '').toLowerCase();
const uuidOf = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

function macInput(c: SurveyTokenClaims, expirySeconds: number) {
  return `vefa-survey|${hexOf(c.workspaceId)}|${hexOf(c.invitationId)}|${hexOf(c.surveyId)}|${hexOf(c.customerId)}|${expirySeconds}`;
}

export function signSurveyToken(hmac: Hmac, key: string, claims: SurveyTokenClaims): string {
  const expiry = Math.floor(claims.expiresAt.getTime() / 1000);
  const payload = `${hexOf(claims.workspaceId)}${hexOf(claims.invitationId)}${expiry.toString(36)}`;
  return `${payload}.${hmac(key, macInput(claims, expiry)).slice(0, MAC_LENGTH)}`;
}

/** The ids inside a token, unverified: only to find the key and the invitation row. */
export function readSurveyToken(token: string): { workspaceId: string; invitationId: string; expiresAt: Date } | null {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined || payload.length < 65 || payload.length > 75) return null;
  const ws = payload.slice(0, 32);
  const inv = payload.slice(32, 64);
  const exp = Number.parseInt(payload.slice(64), 36);
  if (!HEX32.test(ws) || !HEX32.test(inv) || !Number.isFinite(exp) || !/^[0-9a-z]+$/.test(payload.slice(64))) return null;
  return { workspaceId: uuidOf(ws), invitationId: uuidOf(inv), expiresAt: new Date(exp * 1000) };
}

export type SurveyTokenCheck = 'valid' | 'invalid' | 'expired';

/**
 * Checks the MAC against the claims the server holds for the invitation
 * (survey and customer from its row) and the expiry against `now`.
 */
export function checkSurveyToken(hmac: Hmac, key: string, token: string, held: Omit<SurveyTokenClaims, 'expiresAt'>, now: Date): SurveyTokenCheck {
  const read = readSurveyToken(token);
  if (!read || read.workspaceId !== held.workspaceId || read.invitationId !== held.invitationId) return 'invalid';
  const expiry = Math.floor(read.expiresAt.getTime() / 1000);
  const expected = hmac(key, macInput({ ...held, expiresAt: read.expiresAt }, expiry)).slice(0, MAC_LENGTH);
  const given = token.split('.')[1] ?? '';
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i % Math.max(1, given.length));
  if (diff !== 0) return 'invalid';
  return read.expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid';
}

// The survey's own public link (web page, embedded widget): one token per
// survey, not per recipient, so its answers belong to no customer. It never
// expires; closing the survey (or rotating the signing key) ends it. The "p"
// prefix keeps it apart from invitation tokens, which are pure hex before the dot.
const linkMacInput = (workspaceId: string, surveyId: string) => `vefa-survey-link|${hexOf(workspaceId)}|${hexOf(surveyId)}`;

export function signSurveyLinkToken(hmac: Hmac, key: string, workspaceId: string, surveyId: string): string {
  return `p${hexOf(workspaceId)}${hexOf(surveyId)}.${hmac(key, linkMacInput(workspaceId, surveyId)).slice(0, MAC_LENGTH)}`;
}

/** The ids inside a survey link token, unverified: only to find the key. */
export function readSurveyLinkToken(token: string): { workspaceId: string; surveyId: string } | null {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined || payload.length !== 65 || payload[0] !== 'p') return null;
  const ws = payload.slice(1, 33);
  const survey = payload.slice(33);
  if (!HEX32.test(ws) || !HEX32.test(survey)) return null;
  return { workspaceId: uuidOf(ws), surveyId: uuidOf(survey) };
}

export function checkSurveyLinkToken(hmac: Hmac, key: string, token: string): boolean {
  const read = readSurveyLinkToken(token);
  if (!read) return false;
  const expected = signSurveyLinkToken(hmac, key, read.workspaceId, read.surveyId);
  let diff = expected.length ^ token.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ token.charCodeAt(i % Math.max(1, token.length));
  return diff === 0;
}
