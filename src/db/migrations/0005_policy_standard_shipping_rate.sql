-- Tenant policies written before freeShipping.standardRateCents existed get the demo default
-- ($9.95), so every stored policy matches the TenantPolicy schema.
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{freeShipping,standardRateCents}', '995'::jsonb)
WHERE NOT ("policy"->'freeShipping' ? 'standardRateCents');
