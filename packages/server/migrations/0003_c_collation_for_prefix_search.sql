-- Folded names and e-mails are compared byte by byte ("C"), so one B-tree serves
-- both a prefix LIKE and ORDER BY: a prefix search reads a page of index entries.
DROP INDEX "customers_name_idx";--> statement-breakpoint
DROP INDEX "customers_email_idx";--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "name_key" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "email" TYPE text COLLATE "C";--> statement-breakpoint
CREATE INDEX "customers_email_idx" ON "customers" USING btree ("workspace_id","email");--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree ("workspace_id","name_key","id");
