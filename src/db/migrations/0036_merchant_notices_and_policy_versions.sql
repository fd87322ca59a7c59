CREATE TABLE "staff"."notice" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"posted_by" text NOT NULL,
	"posted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff"."notice" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "notice_window" ON "staff"."notice" USING btree ("starts_at");--> statement-breakpoint
CREATE POLICY "notice_store" ON "staff"."notice" AS PERMISSIVE FOR ALL TO public USING ("staff"."notice"."tenant_id" is null or coalesce(current_setting('app.tenant_id', true), '') in ('', "staff"."notice"."tenant_id")) WITH CHECK (coalesce(current_setting('app.tenant_id', true), '') = '');--> statement-breakpoint
-- PL-2: the owner or compliance publishes a new privacy-policy version from the back office; the
-- app role cannot update tenants, so (as for campaigns) a definer function replaces only the
-- current store's list of versions.
CREATE FUNCTION "tenants"."set_policy_versions"(versions jsonb) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog
AS $$
  UPDATE "tenants"."tenant" SET "policy" = jsonb_set("policy", '{policyVersions}', versions)
  WHERE "id" = current_setting('app.tenant_id', true) AND jsonb_typeof(versions) = 'array';
$$;
