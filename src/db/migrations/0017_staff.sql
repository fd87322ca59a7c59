CREATE SCHEMA "staff";
--> statement-breakpoint
CREATE TABLE "staff"."membership" (
	"user_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "membership_user_id_tenant_id_pk" PRIMARY KEY("user_id","tenant_id")
);
--> statement-breakpoint
ALTER TABLE "staff"."membership" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "staff"."password_history" (
	"user_id" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff"."recovery_code" (
	"user_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "recovery_code_user_id_code_hash_pk" PRIMARY KEY("user_id","code_hash")
);
--> statement-breakpoint
CREATE TABLE "staff"."session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"mfa_pending" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff"."user" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text,
	"email_index" text NOT NULL,
	"display_name" text,
	"password_hash" text NOT NULL,
	"password_changed_at" timestamp with time zone NOT NULL,
	"totp_secret" text,
	"totp_enrolled_at" timestamp with time zone,
	"totp_last_step" integer,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"is_operator" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff"."membership" ADD CONSTRAINT "membership_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "staff"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff"."password_history" ADD CONSTRAINT "password_history_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "staff"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff"."recovery_code" ADD CONSTRAINT "recovery_code_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "staff"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff"."session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "staff"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "membership_tenant" ON "staff"."membership" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "password_history_user" ON "staff"."password_history" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "staff_session_user" ON "staff"."session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_user_email" ON "staff"."user" USING btree ("email_index");--> statement-breakpoint
CREATE POLICY "membership_store" ON "staff"."membership" AS PERMISSIVE FOR ALL TO public USING (coalesce(current_setting('app.tenant_id', true), '') in ('', "staff"."membership"."tenant_id")) WITH CHECK (coalesce(current_setting('app.tenant_id', true), '') in ('', "staff"."membership"."tenant_id"));--> statement-breakpoint
UPDATE "tenants"."tenant" SET "policy" = jsonb_set(jsonb_set("policy", '{retention,staff_accounts}', '{"after":"account_closed","days":365,"then":"erase"}'::jsonb, true), '{retention,audit_log}', '{"after":"created","days":2190,"then":"delete"}'::jsonb, true) WHERE NOT (("policy" -> 'retention') ? 'staff_accounts');
