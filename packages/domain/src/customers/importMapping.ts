import { foldForSearch } from './searchText.ts';
import { IMPORT_FIELDS, type ImportField } from './importRow.ts';

/** Header words people use in az, tr and en files, folded, for each field. */
const SYNONYMS: Record<(typeof IMPORT_FIELDS)[number], string[]> = {
  external_id: ['external id', 'external_id', 'customer id', 'customer_id', 'id', 'kod', 'musteri kodu', 'musteri no', 'xarici id'],
  kind: ['kind', 'type', 'nov', 'tur', 'tip'],
  first_name: ['first name', 'first_name', 'firstname', 'name', 'ad', 'adi', 'isim'],
  last_name: ['last name', 'last_name', 'lastname', 'surname', 'soyad', 'soyadi'],
  company_name: ['company', 'company name', 'company_name', 'sirket', 'firma', 'sirket adi'],
  email: ['email', 'e-mail', 'e-mail address', 'e-poct', 'eposta', 'e-posta', 'mail'],
  phone: ['phone', 'telephone', 'mobile', 'telefon', 'mobil', 'cep', 'gsm'],
  language: ['language', 'lang', 'dil'],
  birth_date: ['birth date', 'birth_date', 'birthday', 'dob', 'dogum tarixi', 'dogum tarihi', 'dogum'],
  tags: ['tags', 'tag', 'etiketler', 'etiket', 'teqler'],
  street: ['street', 'address', 'unvan', 'adres', 'kuce', 'sokak'],
  city: ['city', 'seher', 'sehir', 'il'],
  postal_code: ['postal code', 'zip', 'postcode', 'poct indeksi', 'posta kodu'],
  country: ['country', 'olke', 'ulke'],
  consent_email: ['consent email', 'email consent', 'consent_email', 'email izni', 'e-poct razilig'],
  consent_sms: ['consent sms', 'sms consent', 'consent_sms', 'sms izni', 'sms razilig'],
  company_external_id: ['company external id', 'company_external_id', 'company id', 'sirket kodu'],
};

/** Proposes a field for each column whose header reads like one; a person confirms it. */
export function suggestImportMapping(columns: readonly string[], customFieldKeys: readonly string[] = []): Record<string, ImportField> {
  const mapping: Record<string, ImportField> = {};
  const taken = new Set<string>();
  for (const column of columns) {
    const folded = foldForSearch(column).replace(/_/g, ' ');
    const field = IMPORT_FIELDS.find((f) => !taken.has(f) && SYNONYMS[f].some((s) => foldForSearch(s).replace(/_/g, ' ') === folded));
    const custom = customFieldKeys.find((k) => k === column.trim() || foldForSearch(k) === folded);
    if (field) { mapping[column] = field; taken.add(field); }
    else if (custom) mapping[column] = `custom:${custom}`;
  }
  return mapping;
}
