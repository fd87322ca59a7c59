CREATE TABLE "privacy"."policy_version" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"version" text NOT NULL,
	"effective_on" date NOT NULL,
	"document" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"kept_at" timestamp with time zone NOT NULL,
	CONSTRAINT "policy_version_tenant_id_version_pk" PRIMARY KEY("tenant_id","version")
);
--> statement-breakpoint
ALTER TABLE "privacy"."policy_version" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "privacy"."policy_version" AS PERMISSIVE FOR ALL TO public USING ("privacy"."policy_version"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("privacy"."policy_version"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
-- PL-1: a policy names its versions with their effective dates and what changed in each, instead
-- of one version string. A stored policy's single version becomes its first (and only) entry,
-- effective on that date when the version is a date, else on the day the store was created.
UPDATE "tenants"."tenant"
SET "policy" = ("policy" - 'privacyPolicyVersion') || jsonb_build_object(
  'policyVersions', jsonb_build_array(jsonb_build_object(
    'version', "policy"->>'privacyPolicyVersion',
    'effectiveOn', CASE WHEN "policy"->>'privacyPolicyVersion' ~ '^\d{4}-\d{2}-\d{2}$'
                        THEN "policy"->>'privacyPolicyVersion'
                        ELSE to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD') END,
    'summary', jsonb_build_array('First published.'))))
WHERE "policy" ? 'privacyPolicyVersion';
--> statement-breakpoint
-- The owner edits the store's campaigns in the back office, but the app role may not write the
-- tenant registry (it is how every request finds its store). This function, run as the table's
-- owner, replaces the campaigns of the current store only — the store the transaction is scoped
-- to, by the same setting as row-level security — and touches no other part of the policy.
-- The caller's role (owner) is checked by the use case; the campaigns' shape by the TenantPolicy schema.
CREATE FUNCTION "tenants"."set_campaigns"(campaigns jsonb) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog
AS $$
  UPDATE "tenants"."tenant" SET "policy" = jsonb_set("policy", '{campaigns}', campaigns)
  WHERE "id" = current_setting('app.tenant_id', true) AND jsonb_typeof(campaigns) = 'array';
$$;
--> statement-breakpoint
-- The demo stores' purposes spoke of a carrier receiving details; no carrier is connected yet
-- (issue 13 builds the sharing gate), so the page may not say so.
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set(jsonb_set("policy",
  '{purposes,delivery_contact}', '"To reach you about a delivery, when you give a phone number."'),
  '{purposes,fulfilment}', '"To pack and send your parcel."')
WHERE "policy"->'purposes'->>'delivery_contact' = 'To let the carrier reach you about a delivery, when you give a phone number.';
