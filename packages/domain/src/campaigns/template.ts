// Campaign e-mail: one template per language, filled per customer. Values are
// inserted as plain text (the mail is sent as text), and unknown placeholders
// are left visible so a typo shows in the preview instead of vanishing.

export type MessageLanguage = 'az' | 'tr' | 'en';
export interface MessageTemplate { subject: string; body: string }
export type MessageTemplates = Partial<Record<MessageLanguage, MessageTemplate>>;

const FALLBACK: readonly MessageLanguage[] = ['az', 'tr', 'en'];

/** The customer's own language when a template exists for it, else the first written one. */
export function pickLanguage(templates: MessageTemplates, customerLanguage: string | null | undefined): MessageLanguage | null {
  if (customerLanguage && (FALLBACK as readonly string[]).includes(customerLanguage) && templates[customerLanguage as MessageLanguage]) return customerLanguage as MessageLanguage;
  return FALLBACK.find((l) => templates[l]) ?? null;
}

export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

const FOOTER: Record<MessageLanguage, string> = {
  az: 'Bu məktubları almaq istəmirsinizsə, abunəlikdən çıxın: {{unsubscribeUrl}}',
  tr: 'Bu e-postaları almak istemiyorsanız abonelikten çıkın: {{unsubscribeUrl}}',
  en: 'To stop receiving these e-mails, unsubscribe: {{unsubscribeUrl}}',
};

/** Subject and text of one customer's mail, the unsubscribe line always last. */
export function renderCampaignMail(templates: MessageTemplates, customerLanguage: string | null | undefined, values: Record<string, string>) {
  const language = pickLanguage(templates, customerLanguage);
  if (!language) return null;
  const template = templates[language];
  if (!template) return null;
  return {
    language,
    subject: fillTemplate(template.subject, values),
    text: `${fillTemplate(template.body, values)}\n\n--\n${fillTemplate(FOOTER[language], values)}\n`,
  };
}

/** The page a customer sees after unsubscribing. */
export const UNSUBSCRIBED_TEXT: Record<MessageLanguage, { title: string; body: string }> = {
  az: { title: 'Abunəlikdən çıxdınız', body: 'Artıq bizdən kampaniya məktubları almayacaqsınız.' },
  tr: { title: 'Abonelikten çıktınız', body: 'Artık bizden kampanya e-postaları almayacaksınız.' },
  en: { title: 'You are unsubscribed', body: 'You will no longer receive campaign e-mails from us.' },
};
