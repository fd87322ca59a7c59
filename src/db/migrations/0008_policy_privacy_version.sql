-- Tenant policies written before privacyPolicyVersion existed get the demo stores' published
-- version, so every stored policy matches the TenantPolicy schema.
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{privacyPolicyVersion}', '"2026-01-15"'::jsonb)
WHERE NOT ("policy" ? 'privacyPolicyVersion');
