import { describe, expect, it } from 'vitest';
import { renderCampaignMail } from './template.ts';

describe('campaign mail', () => {
  it('uses the customer language, falls back, fills values and always ends with the unsubscribe line', () => {
    const templates = { az: { subject: 'Salam {{firstName}}', body: '{{points}} bonus' }, en: { subject: 'Hi {{firstName}}', body: '{{points}} points {{typo}}' } };
    const values = { firstName: 'Aysel', points: '100', unsubscribeUrl: 'https://x/u?t=1' };
    expect(renderCampaignMail(templates, 'en', values)).toEqual({ language: 'en', subject: 'Hi Aysel', text: '100 points {{typo}}\n\n--\nTo stop receiving these e-mails, unsubscribe: https://x/u?t=1\n' });
    expect(renderCampaignMail(templates, 'tr', values)?.language).toBe('az');
    expect(renderCampaignMail({}, 'tr', values)).toBeNull();
  });
});
