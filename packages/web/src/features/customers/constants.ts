/** Where a consent change came from, when staff record it in the web app. */
export const CONSENT_SOURCES = ['staff_phone', 'staff_in_store', 'staff_email', 'staff_web'] as const;
export const DUPLICATE_REASONS = ['same_email', 'same_phone', 'same_external_id', 'similar_name'] as const;
export const TIMELINE_DIRECTIONS = ['inbound', 'outbound'] as const;
