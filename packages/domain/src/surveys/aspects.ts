// What customers talk about, across the three languages: a small shipped map
// from word beginnings (folded) to a theme key, so "fiyat", "qiymət" and
// "price" land in one theme. Words outside it still form themes by
// co-occurrence (themes.ts); a person renames any theme in the app.
import { matchingForm } from '../service/classifier/textNormalisation.ts';

export const ASPECTS = ['price', 'staff', 'delivery', 'waiting', 'app', 'quality', 'loyalty', 'cleanliness', 'assortment', 'support'] as const;
export type Aspect = (typeof ASPECTS)[number];

const words: Record<Aspect, string> = {
  price: 'qiymət baha bahalı ucuz sərfəli endirim fiyat pahalı ucuz uygun hesaplı price expensive cheap overpriced affordable cost pricing',
  staff: 'işçi əməkdaş kassir satıcı heyət personal personel çalışan kasiyer satıcı görevli eleman staff employee cashier seller personnel kasir',
  delivery: 'çatdırılma kuryer sifariş çatdır teslimat kargo kurye sipariş paket delivery courier shipping shipment parcel order deliver',
  waiting: 'növbə gözlə sıra kuyruk bekle sıra queue wait line',
  app: 'tətbiq sayt proqram internet onlayn uygulama site internet online mobil app website application login ödəniş ödeme',
  quality: 'keyfiyyət məhsul təzə dad kalite ürün taze lezzet quality product fresh taste tasty stale',
  loyalty: 'bonus bal kart hədiyyə kampaniya xal puan kart hediye kampanya indirim points card reward loyalty bonus discount coupon kupon',
  cleanliness: 'təmiz çirkli gigiyena temiz kirli hijyen clean dirty hygiene',
  assortment: 'çeşid seçim mağaza filial rəf çeşit seçenek mağaza şube raf variety choice assortment store shop shelf selection range branch',
  support: 'xidmət dəstək zəng operator qaynar hizmet destek çağrı arama operatör service support call phone helpline operator hotline',
};

const PREFIXES: Map<string, Aspect> = (() => {
  const m = new Map<string, Aspect>();
  for (const aspect of ASPECTS) for (const w of words[aspect].split(/\s+/)) if (w) m.set(matchingForm(w), aspect);
  return m;
})();
const MIN = 3;
const MAX = 12;

/** The theme a folded word belongs to, by its longest known beginning; null when none. */
export function aspectOfWord(folded: string): Aspect | null {
  for (let n = Math.min(MAX, folded.length); n >= MIN; n--) {
    const hit = PREFIXES.get(folded.slice(0, n));
    // A three-letter beginning only counts as the whole word ("dad", "bal") or with a short ending.
    if (hit && (n >= 4 || folded.length <= n + 3)) return hit;
  }
  return null;
}
