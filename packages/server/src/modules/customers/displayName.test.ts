import { describe, expect, it } from 'vitest';
import { definedNameKeyOf, nameKeyOf } from './displayName.ts';

describe('nameKeyOf', () => {
  it('folds word by word to what nameSearchKey gives for the whole name', () => {
    const names = ['Rəşad Əliyev', 'ŞAHİN  Çelik', ' Gülşən\tHəsənova ', 'Chingiz Shahin-Khan', 'O\'Brien & Sons', 'İsmayılova 12', 'a\u0301b s\u0301h', 'Ə', '—', 'x\u00a0y', ''];
    const pieces = ['ə', 'Ə', 's', 'h', 'c', 'k', 'İ', 'ı', ' ', '  ', '\t', '-', '.', '&', '\u0301', 'a', 'Ş', '\u00a0', '@', '1'];
    let seed = 11;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (let n = 0; n < 3000; n++) {
      let name = '';
      for (let k = 0, length = 1 + Math.floor(random() * 12); k < length; k++) name += pieces[Math.floor(random() * pieces.length)];
      names.push(name);
    }
    for (const name of names) {
      for (const parts of [{ kind: 'person', firstName: name, lastName: 'Əliyev' }, { kind: 'company', companyName: name }]) {
        expect(nameKeyOf(parts), JSON.stringify(name)).toBe(definedNameKeyOf(parts));
      }
    }
  });
});
