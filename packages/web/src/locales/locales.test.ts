// Every visible string lives in the locales; this test keeps az, tr and en complete and in step.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as contract from '@vefa/contract';
import {
  CONSENT_CHANNELS, CUSTOM_FIELD_TYPES, CUSTOMER_KINDS, CUSTOMER_LANGUAGES, CUSTOMER_SORTS, LOCALES,
  MANUAL_TIMELINE_KINDS, PERMISSIONS, ROLES,
} from '../app/types';
import { NAV } from '../app/nav';
import { IMPORT_FIELDS } from '../features/imports/fields';
import { ACTOR_TYPES, AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, auditActionKey } from '../features/admin/constants';
import { CONSENT_SOURCES, DUPLICATE_REASONS, TIMELINE_DIRECTIONS } from '../features/customers/constants';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, '..');
const LANGS = ['az', 'tr', 'en'] as const;

type Tree = { [k: string]: string | Tree };
function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else if (v && typeof v === 'object') flatten(v, key, out);
    else out.set(key, String(v));
  }
  return out;
}

// The shared file plus every features/<capability>/locales/<lang>.json; a key defined in two files is reported.
const featureDir = join(srcDir, 'features');
const localeFiles = (l: string) => [
  join(here, `${l}.json`),
  ...readdirSync(featureDir).map((f) => join(featureDir, f, 'locales', `${l}.json`)).filter((p) => existsSync(p)),
];
const doubled: string[] = [];
const locales = Object.fromEntries(
  LANGS.map((l) => {
    const all = new Map<string, string>();
    for (const file of localeFiles(l)) {
      for (const [k, v] of flatten(JSON.parse(readFileSync(file, 'utf8')) as Tree)) {
        if (all.has(k)) doubled.push(`${l}: "${k}" again in ${relative(srcDir, file)}`);
        all.set(k, v);
      }
    }
    return [l, all];
  }),
) as Record<(typeof LANGS)[number], Map<string, string>>;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(tsx|ts)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
const files = sourceFiles(srcDir).map((p) => ({ path: relative(srcDir, p), text: readFileSync(p, 'utf8') }));

const vars = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('defines each key in one file only', () => {
    expect(doubled).toEqual([]);
  });

  it('has the same keys in az, tr and en, none empty', () => {
    const all = new Set(LANGS.flatMap((l) => [...locales[l].keys()]));
    const problems: string[] = [];
    for (const key of [...all].sort()) {
      for (const l of LANGS) {
        const v = locales[l].get(key);
        if (v === undefined) problems.push(`${l}: missing "${key}"`);
        else if (!v.trim()) problems.push(`${l}: empty "${key}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses the same {{placeholders}} in every language', () => {
    const problems: string[] = [];
    for (const [key, en] of locales.en) {
      for (const l of ['az', 'tr'] as const) {
        const v = locales[l].get(key);
        if (v !== undefined && vars(v).join(',') !== vars(en).join(',')) problems.push(`${l}: "${key}" has {{${vars(v)}}}, en has {{${vars(en)}}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has every key that the code passes to t() literally', () => {
    const used = new Map<string, string>();
    for (const f of files) {
      for (const m of f.text.matchAll(/\bt\(\s*(['"])([^'"`\n]+)\1/g)) used.set(m[2]!, f.path);
      for (const m of f.text.matchAll(/labelKey:\s*'([^']+)'/g)) used.set(m[1]!, f.path);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const [key, file] of used) for (const l of LANGS) if (!locales[l].has(key)) missing.push(`${l}: "${key}" (used in ${file})`);
    expect(missing).toEqual([]);
  });

  it('has a group for every t(`prefix.${…}`) the code builds', () => {
    const missing: string[] = [];
    for (const f of files) {
      for (const m of f.text.matchAll(/\bt\(\s*`([\w.]+)\.\$\{/g)) {
        const prefix = `${m[1]}.`;
        for (const l of LANGS) if (![...locales[l].keys()].some((k) => k.startsWith(prefix))) missing.push(`${l}: no "${prefix}*" (used in ${f.path})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names every value of the enumerations the UI shows', () => {
    const families: [string, readonly string[]][] = [
      ['role', ROLES], ['roleHelp', ROLES], ['permission', PERMISSIONS], ['customerKind', CUSTOMER_KINDS],
      ['language', CUSTOMER_LANGUAGES], ['consentChannel', CONSENT_CHANNELS], ['customerSort', CUSTOMER_SORTS],
      ['timelineKind', MANUAL_TIMELINE_KINDS], ['timeline.placeholder', MANUAL_TIMELINE_KINDS],
      ['timeline.direction', TIMELINE_DIRECTIONS], ['customFieldType', CUSTOM_FIELD_TYPES],
      ['consentSource', CONSENT_SOURCES], ['duplicateReason', DUPLICATE_REASONS], ['importField', IMPORT_FIELDS],
      ['importStatus', contract.ImportRun.shape.status.options], ['imports.step', ['upload', 'map', 'check', 'run']],
      ['entityType', AUDIT_ENTITY_TYPES], ['actorType', ACTOR_TYPES], ['auditAction', AUDIT_ACTIONS.map(auditActionKey)],
    ];
    const missing: string[] = [];
    for (const [family, values] of families) {
      for (const v of values) for (const l of LANGS) if (!locales[l].get(`${family}.${v}`)?.trim()) missing.push(`${l}: "${family}.${v}"`);
    }
    for (const n of NAV) for (const l of LANGS) if (!locales[l].has(n.labelKey)) missing.push(`${l}: "${n.labelKey}"`);
    expect(missing).toEqual([]);
  });

  it("keeps the web app's enumerations equal to the contract's", () => {
    expect([...ROLES]).toEqual(contract.RoleName.options);
    expect([...PERMISSIONS]).toEqual(contract.PermissionName.options);
    expect([...LOCALES]).toEqual(contract.Locale.options);
    expect([...CUSTOMER_KINDS]).toEqual(contract.CustomerKind.options);
    expect([...CUSTOMER_LANGUAGES]).toEqual(contract.CustomerLanguage.options);
    expect([...CONSENT_CHANNELS]).toEqual(contract.ConsentChannel.options);
    expect([...CUSTOMER_SORTS]).toEqual(contract.CustomerSort.options);
    expect([...MANUAL_TIMELINE_KINDS]).toEqual(contract.ManualTimelineKind.options);
    expect([...CUSTOM_FIELD_TYPES]).toEqual(contract.CustomFieldType.options);
    expect([...DUPLICATE_REASONS]).toEqual(contract.DuplicateSuggestion.shape.reasons.element.options);
  });

  it('writes Azerbaijani and Turkish with their own letters', () => {
    const az = [...locales.az.values()].join(' ');
    const tr = [...locales.tr.values()].join(' ');
    for (const ch of ['ə', 'ş', 'ç', 'ğ', 'ı', 'ö', 'ü']) expect(az).toContain(ch);
    for (const ch of ['ş', 'ç', 'ğ', 'ı', 'ö', 'ü', 'İ']) expect(tr).toContain(ch);
    expect(tr).not.toContain('ə');
    expect(locales.az.get('nav.customers')).toBe('Müştərilər');
    expect(locales.tr.get('nav.customers')).toBe('Müşteriler');
  });

  it('keeps user-facing text out of the components', () => {
    // JSX text between tags must be a {expression}; a run of two or more Latin words is a hard-coded string.
    const offenders: string[] = [];
    for (const f of files.filter((x) => x.path.endsWith('.tsx'))) {
      for (const m of f.text.matchAll(/>\s*([A-Za-z][a-z]+(?:\s+[A-Za-z][a-z]+)+)\s*</g)) offenders.push(`${f.path}: "${m[1]}"`);
      for (const m of f.text.matchAll(/\b(?:placeholder|title|aria-label|label)="([^"]*[A-Za-z]{3,}[^"]*)"/g)) offenders.push(`${f.path}: "${m[1]}"`);
    }
    expect(offenders).toEqual([]);
  });
});
