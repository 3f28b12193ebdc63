// The management report's words in the three languages. Kept beside the report
// (not in the web catalogue) because the server writes them into PDF and XLSX.
export type ReportLanguage = 'az' | 'tr' | 'en';

const TEXTS = {
  az: {
    title: 'Müştəri xidməti hesabatı', period: 'Dövr', generated: 'Hazırlanıb',
    satisfaction: 'Müştəri məmnuniyyəti', responses: 'Cavablar', average: 'Orta bal', satisfiedRate: 'Məmnun (4–5)', trend: 'Aylar üzrə',
    volume: 'Müraciətlərin həcmi', opened: 'Açılıb', resolved: 'Həll edilib', byCategory: 'Kateqoriya üzrə', byChannel: 'Kanal üzrə',
    byDepartment: 'Şöbə üzrə', byType: 'Növ üzrə', byRootCause: 'Əsas səbəb üzrə', topIssues: 'Ən çox təkrarlanan problemlər', reopened: 'Yenidən açılıb',
    actionsTaken: 'Görülən tədbirlər', rootCause: 'Əsas səbəb', action: 'Tədbir', case: 'Müraciət', category: 'Kateqoriya',
    firstResponse: 'İlk cavab vaxtı', resolution: 'Həll vaxtı', median: 'Median (iş dəqiqəsi)', withinSla: 'SLA daxilində', breached: 'SLA pozulub',
    backlog: 'Gözləyən işlər', open: 'Açıq', olderThan7Days: '7 gündən köhnə', byStatus: 'Status üzrə', count: 'Say', month: 'Ay', none: '—', uncategorised: 'Kateqoriyasız', noDepartment: 'Şöbəsiz',
  },
  tr: {
    title: 'Müşteri hizmetleri raporu', period: 'Dönem', generated: 'Hazırlandı',
    satisfaction: 'Müşteri memnuniyeti', responses: 'Yanıtlar', average: 'Ortalama puan', satisfiedRate: 'Memnun (4–5)', trend: 'Aylara göre',
    volume: 'Talep hacmi', opened: 'Açılan', resolved: 'Çözülen', byCategory: 'Kategoriye göre', byChannel: 'Kanala göre',
    byDepartment: 'Departmana göre', byType: 'Türe göre', byRootCause: 'Kök nedene göre', topIssues: 'En sık tekrarlanan sorunlar', reopened: 'Yeniden açılan',
    actionsTaken: 'Alınan aksiyonlar', rootCause: 'Kök neden', action: 'Aksiyon', case: 'Talep', category: 'Kategori',
    firstResponse: 'İlk yanıt süresi', resolution: 'Çözüm süresi', median: 'Medyan (iş dakikası)', withinSla: 'SLA içinde', breached: 'SLA aşıldı',
    backlog: 'Bekleyen işler', open: 'Açık', olderThan7Days: '7 günden eski', byStatus: 'Duruma göre', count: 'Adet', month: 'Ay', none: '—', uncategorised: 'Kategorisiz', noDepartment: 'Departmansız',
  },
  en: {
    title: 'Customer service report', period: 'Period', generated: 'Generated',
    satisfaction: 'Customer satisfaction', responses: 'Responses', average: 'Average score', satisfiedRate: 'Satisfied (4–5)', trend: 'By month',
    volume: 'Case volume', opened: 'Opened', resolved: 'Resolved', byCategory: 'By category', byChannel: 'By channel',
    byDepartment: 'By department', byType: 'By type', byRootCause: 'By root cause', topIssues: 'Top recurring issues', reopened: 'Reopened',
    actionsTaken: 'Actions taken', rootCause: 'Root cause', action: 'Action', case: 'Case', category: 'Category',
    firstResponse: 'First response time', resolution: 'Resolution time', median: 'Median (business minutes)', withinSla: 'Within SLA', breached: 'SLA breached',
    backlog: 'Backlog', open: 'Open', olderThan7Days: 'Older than 7 days', byStatus: 'By status', count: 'Count', month: 'Month', none: '—', uncategorised: 'Uncategorised', noDepartment: 'No department',
  },
} as const;

export type ReportTextKey = keyof (typeof TEXTS)['en'];
export const reportText = (lang: ReportLanguage, key: ReportTextKey): string => TEXTS[lang][key];

const VALUES: Record<ReportLanguage, Record<string, string>> = {
  az: {
    email: 'E-poçt', web_form: 'Veb forma', phone: 'Telefon', meeting: 'Görüş', api: 'API', chat: 'Çat', survey: 'Sorğu',
    complaint: 'Şikayət', suggestion: 'Təklif', question: 'Sual', request: 'Sorğu', onboarding: 'Qoşulma',
    new: 'Yeni', open: 'Açıq', pending_customer: 'Müştəri gözlənilir', pending_internal: 'Daxili gözləmə', resolved: 'Həll edilib', closed: 'Bağlanıb', reopened: 'Yenidən açılıb',
  },
  tr: {
    email: 'E-posta', web_form: 'Web formu', phone: 'Telefon', meeting: 'Toplantı', api: 'API', chat: 'Sohbet', survey: 'Anket',
    complaint: 'Şikayet', suggestion: 'Öneri', question: 'Soru', request: 'Talep', onboarding: 'Katılım',
    new: 'Yeni', open: 'Açık', pending_customer: 'Müşteri bekleniyor', pending_internal: 'İç bekleme', resolved: 'Çözüldü', closed: 'Kapandı', reopened: 'Yeniden açıldı',
  },
  en: {
    email: 'E-mail', web_form: 'Web form', phone: 'Phone', meeting: 'Meeting', api: 'API', chat: 'Chat', survey: 'Survey',
    complaint: 'Complaint', suggestion: 'Suggestion', question: 'Question', request: 'Request', onboarding: 'Onboarding',
    new: 'New', open: 'Open', pending_customer: 'Waiting on customer', pending_internal: 'Waiting internally', resolved: 'Resolved', closed: 'Closed', reopened: 'Reopened',
  },
};

/** A channel, type or status in the report's language. */
export const valueLabel = (lang: ReportLanguage, key: string): string => VALUES[lang][key] ?? key;
