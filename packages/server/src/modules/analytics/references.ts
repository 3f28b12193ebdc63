import { registerCustomerReference } from '../customers/merge.ts';

// Merging customers moves their sales history; scores follow at the next refresh
// (customer_scores rows stay with the merged record, which keeps its id).
registerCustomerReference('transactions', 'customer_id');
