// The service desk's enumerations follow the contract (and the workflow the domain's), every value has a name
// in az, tr and en, and the small pure helpers read and write what people type.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as contract from '@vefa/contract';
import { CASE_TRANSITIONS as DOMAIN_TRANSITIONS } from '@vefa/domain';
import {
  ASSIGNMENT_STRATEGIES, CASE_CHANNELS, CASE_EVENT_KINDS, CASE_LANGUAGES, CASE_LINK_KINDS, CASE_PRIORITIES, CASE_STATUSES,
  CASE_TRANSITIONS, CASE_TYPES, CASE_VIEWS, CLASSIFIER_STATES, MAIL_KINDS, MAIL_STATUSES, SLA_STATES, WEEKDAYS,
  type CaseSlaView,
} from './types';
import { shownClock } from './parts';
import { parseHours, hoursText } from './settings/CalendarSection';
import { stepKeys } from './settings/TemplatesSection';
import { mentionHandle } from './CaseComposer';
import { SETTINGS_SECTIONS } from './settings/SettingsPage';

const here = dirname(fileURLToPath(import.meta.url));
type Tree = { [k: string]: string | Tree };
const load = (lang: string) => JSON.parse(readFileSync(join(here, 'locales', `${lang}.json`), 'utf8')) as Tree;
const get = (tree: Tree, key: string): unknown => key.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Tree)[k] : undefined), tree);

describe('service enumerations', () => {
  it('equal the contract', () => {
    expect([...CASE_TYPES]).toEqual(contract.CaseType.options);
    expect([...CASE_STATUSES]).toEqual(contract.CaseStatus.options);
    expect([...CASE_PRIORITIES]).toEqual(contract.CasePriority.options);
    expect([...CASE_CHANNELS]).toEqual(contract.CaseChannel.options);
    expect([...CASE_LANGUAGES]).toEqual(contract.CaseLanguage.options);
    expect([...CASE_LINK_KINDS]).toEqual(contract.CaseLinkKind.options);
    expect([...CASE_VIEWS].sort()).toEqual([...contract.CaseView.options].sort());
    expect([...SLA_STATES]).toEqual(contract.SlaClockView.shape.state.options);
    expect([...CASE_EVENT_KINDS]).toEqual(contract.CaseEventKind.options);
    expect([...ASSIGNMENT_STRATEGIES]).toEqual(contract.AssignmentStrategy.options);
    expect([...MAIL_KINDS]).toEqual(contract.MailMessage.shape.kind.options);
    expect([...MAIL_STATUSES]).toEqual(contract.MailMessage.shape.status.options);
    expect([...CLASSIFIER_STATES]).toEqual(contract.ClassifierStatus.shape.status.options);
    expect([...WEEKDAYS]).toEqual(Object.keys(contract.WeeklyHours.shape));
  });

  it('offers the status moves the domain workflow allows, no more', () => {
    expect(CASE_TRANSITIONS).toEqual(DOMAIN_TRANSITIONS);
  });

  it('are named in every language', () => {
    const families: [string, readonly string[]][] = [
      ['service.type', CASE_TYPES], ['service.status', CASE_STATUSES], ['service.priority', CASE_PRIORITIES],
      ['service.channel', CASE_CHANNELS], ['service.language', CASE_LANGUAGES], ['service.linkKind', CASE_LINK_KINDS],
      ['service.view', CASE_VIEWS], ['service.inbox.empty', CASE_VIEWS], ['service.slaState', SLA_STATES],
      ['service.eventKind', CASE_EVENT_KINDS], ['service.strategy', ASSIGNMENT_STRATEGIES], ['service.mail.kind', MAIL_KINDS],
      ['service.mail.status', MAIL_STATUSES], ['service.classifier.status', CLASSIFIER_STATES], ['service.weekday', WEEKDAYS],
      ['service.settings.section', SETTINGS_SECTIONS], ['service.sla.metric', ['firstResponse', 'resolution']],
      ['service.mail.direction', contract.MailMessage.shape.direction.options],
      ['service.mail.refusedReason', contract.MailMessage.shape.refusedAttachments.element.shape.reason.options],
      ['service.public.csatLabel', ['1', '2', '3', '4', '5']],
      ['service.calendar.country', contract.BusinessCalendar.shape.holidayCountries.element.options],
      ['service.rules.in', contract.RoutingConditions.shape.wordsIn.unwrap().options],
    ];
    const missing: string[] = [];
    for (const lang of ['az', 'tr', 'en']) {
      const tree = load(lang);
      for (const [family, values] of families) {
        for (const v of values) if (typeof get(tree, `${family}.${v}`) !== 'string') missing.push(`${lang}: ${family}.${v}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps every key under service. and the nav labels present', () => {
    for (const lang of ['az', 'tr', 'en']) {
      const tree = load(lang);
      expect(Object.keys(tree)).toEqual(['service']);
      expect(typeof get(tree, 'service.nav')).toBe('string');
      expect(typeof get(tree, 'service.settingsNav')).toBe('string');
    }
  });
});

const clock = (state: 'running' | 'paused' | 'breached' | 'met', remainingMinutes: number) => ({
  state, targetMinutes: 480, dueAt: '2026-11-23T12:00:00.000Z', remainingMinutes, breachedAt: null, fulfilledAt: null,
});
const sla = (firstResponse: ReturnType<typeof clock> | null, resolution: ReturnType<typeof clock> | null): CaseSlaView => ({
  policyId: null, policyName: null, firstResponse, resolution, nextDueAt: null, paused: false, breached: false,
});

describe('the SLA clock a row shows', () => {
  it('puts a breach first, then the running clock due soonest, then paused, then met', () => {
    expect(shownClock(sla(clock('running', 30), clock('breached', -10)))).toMatchObject({ state: 'breached', metric: 'resolution' });
    expect(shownClock(sla(clock('running', 300), clock('running', 30)))).toMatchObject({ state: 'running', metric: 'resolution' });
    expect(shownClock(sla(clock('met', 0), clock('paused', 90)))).toMatchObject({ state: 'paused', metric: 'resolution' });
    expect(shownClock(sla(clock('met', 0), null))).toMatchObject({ state: 'met', metric: 'firstResponse' });
    expect(shownClock(sla(null, null))).toEqual({ state: 'none' });
  });
});

describe('settings helpers', () => {
  it('reads weekly hours as people write them and refuses what does not read', () => {
    expect(parseHours('9:00-13:00, 14:00 – 18:00')).toEqual([{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }]);
    expect(parseHours('')).toEqual([]);
    expect(parseHours('18:00-09:00')).toBeNull();
    expect(parseHours('9-18')).toBeNull();
    expect(parseHours('00:00-24:00')).toEqual([{ from: '00:00', to: '24:00' }]);
    expect(hoursText([{ from: '09:00', to: '18:00' }])).toBe('09:00-18:00');
  });

  it('makes checklist step keys the API accepts, unique, from az/tr titles', () => {
    const keys = stepKeys(['Müqavilə imzalanması', 'Kartın verilməsi', 'Kartın verilməsi', 'İlk zəng', '!!!']);
    expect(keys).toEqual(['muqavile-imzalanmasi', 'kartin-verilmesi', 'kartin-verilmesi-2', 'ilk-zeng', 'step-5']);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9_-]+$/);
  });

  it('writes a mention the server resolves (first.last, lower case)', () => {
    expect(mentionHandle('Aysel Kərimova')).toBe('aysel.kərimova');
    expect(mentionHandle('İlkin')).toBe('ilkin');
  });
});
