/**
 * What people read in mail and PDFs, in the three languages of Vefa. The web
 * app has its own catalogue; these are the server's few sentences.
 */
export type Lang = 'az' | 'tr' | 'en';
export const asLang = (v: string | null | undefined): Lang => (v === 'tr' || v === 'en' ? v : 'az');

const TEXTS = {
  invitationSubject: { az: 'Görüşə dəvət: {subject}', tr: 'Toplantı daveti: {subject}', en: 'Invitation: {subject}' },
  invitationBody: {
    az: 'Hörmətli {name},\n\n{when} ({zone}) tarixində görüşə dəvət olunursunuz: {subject}.\n{location}\nHörmətlə,\n{organizer}',
    tr: 'Sayın {name},\n\n{when} ({zone}) tarihindeki toplantıya davetlisiniz: {subject}.\n{location}\nSaygılarımızla,\n{organizer}',
    en: 'Dear {name},\n\nYou are invited to a meeting on {when} ({zone}): {subject}.\n{location}\nKind regards,\n{organizer}',
  },
  location: { az: 'Yer: {location}', tr: 'Yer: {location}', en: 'Place: {location}' },
  quote: { az: 'Kommersiya təklifi', tr: 'Fiyat teklifi', en: 'Quotation' },
  quoteFor: { az: 'Müştəri', tr: 'Müşteri', en: 'Customer' },
  date: { az: 'Tarix', tr: 'Tarih', en: 'Date' },
  validUntil: { az: 'Etibarlıdır', tr: 'Geçerlilik', en: 'Valid until' },
  sku: { az: 'Kod', tr: 'Kod', en: 'SKU' },
  product: { az: 'Məhsul', tr: 'Ürün', en: 'Product' },
  quantity: { az: 'Miqdar', tr: 'Miktar', en: 'Qty' },
  unitPrice: { az: 'Vahid qiyməti', tr: 'Birim fiyat', en: 'Unit price' },
  discount: { az: 'Endirim', tr: 'İndirim', en: 'Discount' },
  total: { az: 'Cəmi', tr: 'Toplam', en: 'Total' },
  subtotal: { az: 'Ara cəm', tr: 'Ara toplam', en: 'Subtotal' },
  report: { az: 'Aylıq hesabat', tr: 'Aylık rapor', en: 'Monthly report' },
  team: { az: 'Komanda', tr: 'Ekip', en: 'Team' },
  newAccounts: { az: 'Yeni hesablar', tr: 'Yeni hesaplar', en: 'New accounts' },
  meetingsHeld: { az: 'Keçirilmiş görüşlər', tr: 'Yapılan toplantılar', en: 'Meetings held' },
  pipeline: { az: 'Satış hunisi (mərhələ üzrə)', tr: 'Satış hunisi (aşamaya göre)', en: 'Pipeline by stage' },
  stage: { az: 'Mərhələ', tr: 'Aşama', en: 'Stage' },
  deals: { az: 'Sövdələşmələr', tr: 'Fırsatlar', en: 'Deals' },
  value: { az: 'Dəyər', tr: 'Değer', en: 'Value' },
  entered: { az: 'Bu ay daxil olan', tr: 'Bu ay giren', en: 'Entered this month' },
  won: { az: 'Qazanılan', tr: 'Kazanılan', en: 'Won' },
  lost: { az: 'İtirilən', tr: 'Kaybedilen', en: 'Lost' },
  reasons: { az: 'Səbəblər', tr: 'Nedenler', en: 'Reasons' },
  revenue: { az: 'Gəlir', tr: 'Gelir', en: 'Revenue' },
  target: { az: 'Hədəf', tr: 'Hedef', en: 'Target' },
  orders: { az: 'Sifarişlər', tr: 'Siparişler', en: 'Orders' },
  created: { az: 'Yaradılıb', tr: 'Oluşturulan', en: 'Created' },
  delivered: { az: 'Çatdırılıb', tr: 'Teslim edilen', en: 'Delivered' },
  overdue: { az: 'Gecikən', tr: 'Geciken', en: 'Overdue' },
  lateDelivered: { az: 'Gecikmə ilə çatdırılan', tr: 'Geç teslim edilen', en: 'Delivered late' },
  renewals: { az: 'Yenilənəcək müqavilələr', tr: 'Yenilenecek sözleşmeler', en: 'Renewals due' },
  account: { az: 'Hesab', tr: 'Hesap', en: 'Account' },
  reportSubject: { az: 'Aylıq hesabat {month}', tr: 'Aylık rapor {month}', en: 'Monthly report {month}' },
  reportBody: { az: '{month} ayı üzrə hesabat əlavədədir.', tr: '{month} ayı raporu ektedir.', en: 'The report for {month} is attached.' },
  renewalDue: { az: 'Müqavilənin yenilənməsi yaxınlaşır: {title} ({date})', tr: 'Sözleşme yenilemesi yaklaşıyor: {title} ({date})', en: 'Contract renewal due: {title} ({date})' },
  orderOverdue: { az: 'Sifariş gecikir: {number} (müddət {date})', tr: 'Sipariş gecikti: {number} (termin {date})', en: 'Order overdue: {number} (due {date})' },
} as const;

export type TextKey = keyof typeof TEXTS;
export function text(lang: Lang, key: TextKey, values: Record<string, string> = {}): string {
  return TEXTS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}
