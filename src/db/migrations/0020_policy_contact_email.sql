-- Each store publishes a contact address (its contact page). Stores created before the field
-- existed (the demo stores) get hello@<slug>.example, the address their seeds now publish.
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{contactEmail}', to_jsonb('hello@' || "slug" || '.example'))
WHERE NOT ("policy" ? 'contactEmail');
