import { registerCustomerReference } from '../customers/merge.ts';

// A merge moves key-account rows to the surviving customer. Tables keyed by the
// account follow key_accounts through ON UPDATE CASCADE; these point at people
// and companies directly.
registerCustomerReference('key_accounts', 'customer_id');
registerCustomerReference('account_relationships', 'contact_id');
registerCustomerReference('account_deals', 'contact_id');
registerCustomerReference('account_activities', 'contact_id');
registerCustomerReference('account_referrals', 'referrer_id');
registerCustomerReference('account_referrals', 'prospect_id');
