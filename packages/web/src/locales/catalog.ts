// The translation catalogue: the app's shared strings plus one file per feature
// (features/<capability>/locales/<lang>.json), so a capability carries its own words.
import type { Locale } from '../app/types';
import az from './az.json';
import tr from './tr.json';
import en from './en.json';

export type Tree = { [k: string]: string | Tree };

const BASE: Record<Locale, Tree> = { az, tr, en };
const FEATURE_FILES = import.meta.glob<Tree>('../features/*/locales/*.json', { eager: true, import: 'default' });

/** Deep-merges b into a; a key defined twice as a string is a mistake the locales test reports. */
export function mergeTrees(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = typeof v === 'object' && prev && typeof prev === 'object' ? mergeTrees(prev, v) : v;
  }
  return out;
}

export function catalogue(lang: Locale): Tree {
  let tree = BASE[lang];
  for (const [path, file] of Object.entries(FEATURE_FILES)) if (path.endsWith(`/${lang}.json`)) tree = mergeTrees(tree, file);
  return tree;
}
