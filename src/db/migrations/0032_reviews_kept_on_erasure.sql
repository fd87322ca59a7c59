ALTER TABLE "reviews"."review" ALTER COLUMN "subject_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews"."review" ALTER COLUMN "body" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews"."review" ALTER COLUMN "display_name" DROP NOT NULL;--> statement-breakpoint
-- The skincare demo store keeps published reviews as "Verified buyer" when an account is erased
-- (its seed says so); stores that exist get it only if they are that demo store.
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{reviewsOnErasure}', '"keep_as_verified_buyer"'::jsonb)
WHERE "slug" = 'skincare' AND NOT ("policy" ? 'reviewsOnErasure');
