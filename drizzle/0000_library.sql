CREATE TABLE `assets` (
	`hash` text PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`size` integer NOT NULL,
	`mime` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assets_path_unique` ON `assets` (`path`);--> statement-breakpoint
CREATE TABLE `export_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`workflow_type` text NOT NULL,
	`platform` text NOT NULL,
	`template_name` text NOT NULL,
	`instructions` text NOT NULL,
	`prompt_template` text,
	`settings` text,
	`assets_required` text,
	`difficulty` text DEFAULT 'beginner' NOT NULL,
	`estimated_minutes` integer,
	`tools_required` text,
	`usage_count` integer DEFAULT 0 NOT NULL,
	`success_rate` real,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "export_templates_difficulty" CHECK("export_templates"."difficulty" IN ('beginner', 'intermediate', 'advanced'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `export_templates_unique` ON `export_templates` (`workflow_type`,`platform`,`template_name`);--> statement-breakpoint
CREATE TABLE `file_removals` (
	`path` text PRIMARY KEY NOT NULL,
	`queued_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`request` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 4 NOT NULL,
	`next_run_at` integer NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`heartbeat_at` integer,
	`checkpoint` text,
	`last_error_code` text,
	`last_error_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "jobs_state" CHECK("jobs"."state" IN ('queued', 'running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE INDEX `jobs_next` ON `jobs` (`state`,`priority`,`next_run_at`);--> statement-breakpoint
CREATE INDEX `jobs_project` ON `jobs` (`project_id`);--> statement-breakpoint
CREATE TABLE `kit_files` (
	`kit_id` text NOT NULL,
	`name` text NOT NULL,
	`platform` text,
	`asset_hash` text NOT NULL,
	PRIMARY KEY(`kit_id`, `name`),
	FOREIGN KEY (`kit_id`) REFERENCES `kits`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`asset_hash`) REFERENCES `assets`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kit_files_asset` ON `kit_files` (`asset_hash`);--> statement-breakpoint
CREATE TABLE `kits` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`platforms` text DEFAULT '[]' NOT NULL,
	`manifest` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `kits_project` ON `kits` (`project_id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`photo_asset` text NOT NULL,
	`photo_metadata` text,
	`script` text,
	`language` text DEFAULT 'en' NOT NULL,
	`audio_asset` text,
	`target_duration_s` integer DEFAULT 10 NOT NULL,
	`platforms` text DEFAULT '[]' NOT NULL,
	`enhanced_asset` text,
	`video_asset` text,
	`render_report` text,
	`kit_id` text,
	`quality_scores` text,
	`estimated_cost_usd` real,
	`actual_cost_usd` real,
	`cost_breakdown` text,
	`stage_timings` text,
	`providers_used` text,
	`error_code` text,
	`error_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`completed_at` integer,
	FOREIGN KEY (`photo_asset`) REFERENCES `assets`(`hash`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`audio_asset`) REFERENCES `assets`(`hash`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enhanced_asset`) REFERENCES `assets`(`hash`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`video_asset`) REFERENCES `assets`(`hash`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kit_id`) REFERENCES `kits`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "projects_status" CHECK("projects"."status" IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "projects_type" CHECK("projects"."type" IN ('product_demo', 'avatar_presentation', 'lifestyle_content', 'educational')),
	CONSTRAINT "projects_target_duration" CHECK("projects"."target_duration_s" BETWEEN 1 AND 60)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_id_unique` ON `projects` (`id`);--> statement-breakpoint
CREATE INDEX `projects_created` ON `projects` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `projects_updated` ON `projects` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `projects_title` ON `projects` ("title" COLLATE NOCASE,`id`);--> statement-breakpoint
CREATE INDEX `projects_status` ON `projects` (`status`);--> statement-breakpoint
CREATE INDEX `projects_type` ON `projects` (`type`);--> statement-breakpoint
CREATE INDEX `projects_photo_asset` ON `projects` (`photo_asset`);--> statement-breakpoint
CREATE INDEX `projects_audio_asset` ON `projects` (`audio_asset`);--> statement-breakpoint
CREATE INDEX `projects_enhanced_asset` ON `projects` (`enhanced_asset`);--> statement-breakpoint
CREATE INDEX `projects_video_asset` ON `projects` (`video_asset`);--> statement-breakpoint
CREATE TABLE `provider_health` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`capability` text,
	`ok` integer NOT NULL,
	`latency_ms` integer,
	`error_code` text,
	`error_message` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `provider_health_provider` ON `provider_health` (`provider`,`created_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `usage_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`project_id` text,
	`provider` text,
	`capability` text,
	`units` real,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`details` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `usage_events_created` ON `usage_events` (`created_at`);--> statement-breakpoint
CREATE INDEX `usage_events_provider` ON `usage_events` (`provider`,`created_at`);