import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Phone numbers are stored in E.164 so one customer is found however it was typed. */
export function toE164(raw: string, defaultCountry: CountryCode = 'AZ'): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}
