CREATE TABLE "privacy"."audit_checkpoint" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chain" text NOT NULL,
	"tenant_id" text,
	"pos" bigint NOT NULL,
	"hash" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "privacy"."audit_checkpoint" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "privacy"."audit_event" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"chain" text NOT NULL,
	"pos" bigint NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"tenant_id" text,
	"actor" text NOT NULL,
	"role" text,
	"action" text NOT NULL,
	"subject" text,
	"table_name" text,
	"fields" text[] NOT NULL,
	"purpose" text,
	"request_id" text NOT NULL,
	"detail" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "privacy"."audit_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "privacy"."audit_head" (
	"chain" text PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"pos" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "privacy"."audit_head" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "audit_checkpoint_chain" ON "privacy"."audit_checkpoint" USING btree ("chain","pos");--> statement-breakpoint
CREATE INDEX "audit_event_chain" ON "privacy"."audit_event" USING btree ("chain","seq");--> statement-breakpoint
CREATE INDEX "audit_event_store_time" ON "privacy"."audit_event" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE INDEX "audit_event_store_subject" ON "privacy"."audit_event" USING btree ("tenant_id","subject");--> statement-breakpoint
CREATE POLICY "store_or_platform" ON "privacy"."audit_checkpoint" AS PERMISSIVE FOR ALL TO public USING (coalesce(current_setting('app.tenant_id', true), '') in ('', "privacy"."audit_checkpoint"."tenant_id")) WITH CHECK (coalesce(current_setting('app.tenant_id', true), '') in ('', "privacy"."audit_checkpoint"."tenant_id"));--> statement-breakpoint
CREATE POLICY "store_or_platform" ON "privacy"."audit_event" AS PERMISSIVE FOR ALL TO public USING (coalesce(current_setting('app.tenant_id', true), '') in ('', "privacy"."audit_event"."tenant_id")) WITH CHECK (coalesce(current_setting('app.tenant_id', true), '') in ('', "privacy"."audit_event"."tenant_id"));--> statement-breakpoint
CREATE POLICY "store_or_platform" ON "privacy"."audit_head" AS PERMISSIVE FOR ALL TO public USING (coalesce(current_setting('app.tenant_id', true), '') in ('', "privacy"."audit_head"."tenant_id")) WITH CHECK (coalesce(current_setting('app.tenant_id', true), '') in ('', "privacy"."audit_head"."tenant_id"));--> statement-breakpoint
-- The audit log is append-only for everyone, the owner included (AU-2): rows can be added and read;
-- UPDATE, DELETE and TRUNCATE of events and checkpoints are refused by triggers. (Tampering then
-- needs a superuser who switches triggers off, and `pledge audit verify` finds what that changed.)
CREATE FUNCTION "privacy"."refuse_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "privacy"."audit_event" FOR EACH ROW EXECUTE FUNCTION "privacy"."refuse_audit_change"();--> statement-breakpoint
CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "privacy"."audit_event" FOR EACH STATEMENT EXECUTE FUNCTION "privacy"."refuse_audit_change"();--> statement-breakpoint
CREATE TRIGGER "audit_checkpoint_append_only" BEFORE UPDATE OR DELETE ON "privacy"."audit_checkpoint" FOR EACH ROW EXECUTE FUNCTION "privacy"."refuse_audit_change"();--> statement-breakpoint
CREATE TRIGGER "audit_checkpoint_no_truncate" BEFORE TRUNCATE ON "privacy"."audit_checkpoint" FOR EACH STATEMENT EXECUTE FUNCTION "privacy"."refuse_audit_change"();
