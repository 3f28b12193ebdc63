import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { automaticReplyHeaders, isAutomatedMessage } from './automatedMessage.ts';
import { decideAutomaticSend } from './loopGuard.ts';
import { normaliseSubject, subjectKey } from './subject.ts';
import {
  caseToken,
  makeMessageId,
  matchCaseForReply,
  parseOurMessageId,
  subjectHook,
  threadingLookupKeys,
  verifyCaseToken,
  type ThreadCase,
  type ThreadLookups,
} from './threading.ts';

const OWN = ['vefa.example.az'];
const human = { 'Message-ID': '<CAF1234@mail.gmail.com>', Subject: 'Kartım bloklanıb' };

describe('isAutomatedMessage', () => {
  it('lets a person’s mail through', () => {
    expect(isAutomatedMessage(human, 'Aygün <aygun@gmail.com>', OWN)).toMatchObject({ automated: false, mayOpenCase: true });
    expect(isAutomatedMessage({ ...human, 'Auto-Submitted': 'no' }, 'aygun@gmail.com', OWN).automated).toBe(false);
  });

  it.each([
    [{ 'Auto-Submitted': 'auto-replied' }, 'a@b.az', 'auto_submitted'],
    [{ 'auto-submitted': 'auto-generated; foo=bar' }, 'a@b.az', 'auto_submitted'],
    [{ 'X-Autoreply': 'yes' }, 'a@b.az', 'x_autoreply'],
    [{ 'X-Autorespond': 'Out of office' }, 'a@b.az', 'x_autorespond'],
    [{ 'X-Auto-Response-Suppress': 'All' }, 'a@b.az', 'auto_response_suppress'],
    [{ Precedence: 'bulk' }, 'a@b.az', 'precedence'],
    [{ Precedence: 'list' }, 'a@b.az', 'precedence'],
    [{ Precedence: 'junk' }, 'a@b.az', 'precedence'],
    [{ 'X-Loop': 'support@other.az' }, 'a@b.az', 'x_loop'],
    [{ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="x"' }, 'a@b.az', 'delivery_status'],
    [{}, 'MAILER-DAEMON@mx.b.az', 'system_sender'],
    [{}, 'Mail Delivery <postmaster@b.az>', 'system_sender'],
    [{}, 'no-reply@bank.az', 'system_sender'],
    [{}, 'noreply@bank.az', 'system_sender'],
    [{ 'Message-ID': '<VF-2026-000001.abc.1@mail.vefa.example.az>' }, 'a@b.az', 'own_message_id'],
    [{ 'List-Unsubscribe': '<mailto:u@list.az>' }, 'news@shop.az', 'list_unsubscribe'],
  ] as const)('%o from %s → %s', (headers, from, reason) => {
    const v = isAutomatedMessage({ ...human, ...headers }, from, OWN);
    expect(v).toMatchObject({ automated: true, reason });
    expect(v.mayOpenCase).toBe(reason === 'list_unsubscribe');
  });

  it('finds a delivery-status part given by the parser', () => {
    expect(isAutomatedMessage(human, 'a@b.az', OWN, [{ contentType: 'text/plain' }, { contentType: 'message/delivery-status' }]).reason).toBe('delivery_status');
  });

  it('marks our own automatic mail as automatic', () => {
    expect(isAutomatedMessage(automaticReplyHeaders(), 'support@vefa.example.az', []).automated).toBe(true);
  });
});

describe('subjects', () => {
  it.each([
    ['Re: Kart', 'Kart'],
    ['RE: Fwd: Ynt: Cvp: Kart', 'Kart'],
    ['İlt: Fw: AW: SV: Kart', 'Kart'],
    ['Re[2]: Re(3): Kart', 'Kart'],
    ['Ynt: [VF-2026-000123#abcdef1234] Kartım bloklanıb', 'Kartım bloklanıb'],
    ['Re: Reklam kampaniyası', 'Reklam kampaniyası'],
    ['Request for refund', 'Request for refund'],
  ])('%s → %s', (raw, clean) => {
    expect(normaliseSubject(raw)).toBe(clean);
  });

  it('compares subjects without case or diacritics', () => {
    expect(subjectKey('YNT: KARTIM BLOKLANDI')).toBe(subjectKey('kartım bloklandı'));
  });
});

const signer = { secret: 'test-secret', hmac: (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex') };

describe('case tokens and Message-IDs', () => {
  const token = caseToken(signer, 'VF-2026-000123');

  it('signs and verifies', () => {
    expect(token).toMatch(/^[a-z0-9]{10}$/);
    expect(verifyCaseToken(signer, 'VF-2026-000123', token)).toBe(true);
    expect(verifyCaseToken(signer, 'VF-2026-000124', token)).toBe(false);
    expect(verifyCaseToken({ ...signer, secret: 'other' }, 'VF-2026-000123', token)).toBe(false);
    expect(verifyCaseToken(signer, 'VF-2026-000123', '')).toBe(false);
  });

  it('puts the case and token in the Message-ID and reads them back', () => {
    const id = makeMessageId('VF-2026-000123', token, 'vefa.example.az', 'm42');
    expect(id).toBe(`<VF-2026-000123.${token}.m42@vefa.example.az>`);
    expect(parseOurMessageId(id)).toEqual({ caseNumber: 'VF-2026-000123', token });
    expect(parseOurMessageId('<CAF123@mail.gmail.com>')).toBeNull();
    expect(() => makeMessageId('VF-2026-000123', token, 'd.az', 'a b')).toThrow(RangeError);
  });
});

describe('matchCaseForReply', () => {
  const n = 'VF-2026-000123';
  const token = caseToken(signer, n);
  const ourId = makeMessageId(n, token, 'vefa.example.az', 'out1');
  const theCase: ThreadCase = { caseNumber: n, participants: ['aygun@gmail.com', 'agent@vefa.example.az'], subject: 'Kartım bloklanıb' };
  const other: ThreadCase = { caseNumber: 'VF-2026-000200', participants: ['someone@else.az'], subject: 'Kredit' };
  const lookups = (extra: Partial<ThreadLookups> = {}): ThreadLookups => ({
    signer,
    caseByMessageId: new Map([['customer-first@mail.gmail.com', n]]),
    cases: new Map([
      [n, theCase],
      [other.caseNumber, other],
    ]),
    ...extra,
  });

  it('threads a normal reply by In-Reply-To', () => {
    expect(matchCaseForReply({ subject: `Re: ${subjectHook(n, token)} Kartım bloklanıb`, inReplyTo: ourId, from: 'aygun@gmail.com' }, lookups())).toEqual({
      caseNumber: n,
      method: 'message_id_token',
    });
  });

  it('threads an Outlook reply that has our id only in References', () => {
    const mail = {
      subject: 'AW: Kartım bloklanıb',
      inReplyTo: null,
      references: `<unrelated@outlook.com> ${ourId} <other@outlook.com>`,
      from: 'Aygün <AYGUN@gmail.com>',
    };
    expect(matchCaseForReply(mail, lookups())).toEqual({ caseNumber: n, method: 'message_id_token' });
    expect(threadingLookupKeys(mail).caseNumbers).toEqual([n]);
  });

  it('threads a CC’d colleague replying to the customer’s first mail before we answered', () => {
    const mail = { subject: 'Re: Kartım bloklanıb', inReplyTo: '<customer-first@mail.gmail.com>', from: 'colleague@company.az' };
    expect(matchCaseForReply(mail, lookups())).toEqual({ caseNumber: n, method: 'known_message_id' });
  });

  it('accepts a subject hook with a valid token from anyone, without one only from participants', () => {
    expect(matchCaseForReply({ subject: `Ynt: ${subjectHook(n, token)} x`, from: 'cc@partner.az' }, lookups())).toEqual({ caseNumber: n, method: 'subject_token' });
    expect(matchCaseForReply({ subject: `[${n}] yeni sual`, from: 'aygun@gmail.com' }, lookups())).toEqual({ caseNumber: n, method: 'subject_participant' });
    expect(matchCaseForReply({ subject: `[${n}] yeni sual`, from: 'stranger@evil.az' }, lookups())).toEqual({ caseNumber: null, mentionedCaseNumber: n });
  });

  it('ignores forged tokens in Message-IDs and subjects', () => {
    const forged = `<${n}.aaaaaaaaaa.x@vefa.example.az>`;
    expect(matchCaseForReply({ subject: `[${n}#aaaaaaaaaa] hi`, inReplyTo: forged, from: 'stranger@evil.az' }, lookups()).caseNumber).toBeNull();
  });

  it('falls back to the subject only for a known participant of exactly one case', () => {
    const same = { casesWithSameSubject: [theCase] };
    expect(matchCaseForReply({ subject: 'Re: KARTIM BLOKLANIB', from: 'aygun@gmail.com' }, lookups(same))).toEqual({ caseNumber: n, method: 'subject_fallback' });
    expect(matchCaseForReply({ subject: 'Re: Kartım bloklanıb', from: 'stranger@evil.az' }, lookups(same)).caseNumber).toBeNull();
    const twice = { casesWithSameSubject: [theCase, { ...theCase, caseNumber: 'VF-2026-000124' }] };
    expect(matchCaseForReply({ subject: 'Re: Kartım bloklanıb', from: 'aygun@gmail.com' }, lookups(twice)).caseNumber).toBeNull();
  });

  it('does not merge different people replying to one newsletter', () => {
    expect(matchCaseForReply({ subject: 'Re: Yeni kampaniya', inReplyTo: '<newsletter-77@mailer.az>', from: 'a@x.az' }, lookups()).caseNumber).toBeNull();
  });

  it('follows a merge', () => {
    const merged = lookups({ cases: new Map([[n, { ...theCase, mergedInto: other.caseNumber }], [other.caseNumber, other]]) });
    expect(matchCaseForReply({ subject: 'Re: x', inReplyTo: ourId, from: 'aygun@gmail.com' }, merged).caseNumber).toBe(other.caseNumber);
  });
});

describe('loop between two auto-responders', () => {
  it('is broken by the per-address rate limit within 50 messages', () => {
    // A rude auto-responder answers everything and strips our headers;
    // we acknowledge every new mail unless the rate limit says no.
    const start = new Date('2026-01-05T09:00:00Z').getTime();
    const ourSends: Date[] = [];
    let inbox = 1; // their first mail
    let messages = 0;
    for (let minute = 0; inbox > 0 && messages < 50; minute++) {
      const now = new Date(start + minute * 60_000);
      inbox--;
      messages++;
      const peer = isAutomatedMessage({ 'Message-ID': `<${minute}@rude.az>` }, 'info@rude.az', OWN);
      expect(peer.automated).toBe(false); // headers give nothing away
      if (decideAutomaticSend(ourSends, now).send) {
        ourSends.push(now);
        messages++;
        inbox++; // they answer our acknowledgement
      }
    }
    expect(ourSends.length).toBe(3);
    expect(messages).toBeLessThan(10);
    expect(inbox).toBe(0);
  });

  it('says when sending is allowed again', () => {
    const t = (m: number) => new Date(Date.UTC(2026, 0, 5, 9, m));
    const d = decideAutomaticSend([t(0), t(10), t(20)], t(30));
    expect(d).toEqual({ send: false, reason: 'rate_limited', retryAfter: t(60) });
    expect(decideAutomaticSend([t(0), t(10), t(20)], t(61)).send).toBe(true);
  });
});
