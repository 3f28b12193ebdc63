ALTER TABLE "survey_responses" ALTER COLUMN "invitation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "survey_responses" ALTER COLUMN "customer_id" DROP NOT NULL;