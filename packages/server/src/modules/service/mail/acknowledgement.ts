// The automatic acknowledgement a customer gets when their mail opens a case,
// in the customer's language. It names the case number and asks them to keep
// the subject, whose hook threads their answer into the same case.
export type MailLanguage = 'az' | 'tr' | 'en';

const TEXTS: Record<MailLanguage, { greeting: (name: string | null) => string; body: (caseNumber: string) => string; keepSubject: string }> = {
  az: {
    greeting: (name) => (name ? `Hörmətli ${name},` : 'Salam,'),
    body: (n) => `Müraciətinizi aldıq və ona ${n} nömrəsi verdik. Əməkdaşımız tezliklə sizə cavab yazacaq.`,
    keepSubject: 'Cavab yazanda, xahiş edirik, məktubun mövzusunu dəyişməyin: belə cavabınız eyni müraciətə əlavə olunur.',
  },
  tr: {
    greeting: (name) => (name ? `Sayın ${name},` : 'Merhaba,'),
    body: (n) => `Başvurunuzu aldık ve ${n} numarasıyla kaydettik. Ekibimiz en kısa sürede size yanıt verecek.`,
    keepSubject: 'Yanıt verirken lütfen e-postanın konusunu değiştirmeyin: böylece yanıtınız aynı başvuruya eklenir.',
  },
  en: {
    greeting: (name) => (name ? `Dear ${name},` : 'Hello,'),
    body: (n) => `We have received your request and registered it as ${n}. One of our team will answer you soon.`,
    keepSubject: 'When you reply, please keep the subject of this mail: that way your answer joins the same case.',
  },
};

export function acknowledgementText(language: MailLanguage, caseNumber: string, customerName: string | null, signature: string): string {
  const t = TEXTS[language];
  return `${t.greeting(customerName)}\n\n${t.body(caseNumber)}\n${t.keepSubject}\n\n${signature}\n`;
}

export function mailLanguageOf(value: string | null | undefined): MailLanguage | null {
  return value === 'az' || value === 'tr' || value === 'en' ? value : null;
}
