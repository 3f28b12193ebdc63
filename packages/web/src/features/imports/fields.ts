/** Customer fields a column can fill; the server's suggested mapping may add more. */
export const IMPORT_FIELDS = [
  'external_id', 'kind', 'first_name', 'last_name', 'company_name', 'email', 'phone', 'language', 'birth_date', 'tags',
  'street', 'city', 'postal_code', 'country', 'consent_email', 'consent_sms', 'company_external_id',
] as const;
