-- A project's target length is the creator's, or none: it was 10 s by default, so the
-- project view said "10 s target" over a 40 s script. SQLite cannot drop NOT NULL in
-- place, hence drizzle-kit's copy-drop-rename (and the search triggers made again below).
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_projects` (
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
	`voice` text,
	`audio_asset` text,
	`raw_voice` integer DEFAULT false NOT NULL,
	`target_duration_s` integer,
	`platforms` text DEFAULT '[]' NOT NULL,
	`render_settings` text,
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
	CONSTRAINT "projects_status" CHECK("__new_projects"."status" IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "projects_type" CHECK("__new_projects"."type" IN ('product_demo', 'avatar_presentation', 'lifestyle_content', 'educational')),
	CONSTRAINT "projects_target_duration" CHECK("__new_projects"."target_duration_s" BETWEEN 1 AND 60)
);
--> statement-breakpoint
INSERT INTO `__new_projects`("seq", "id", "type", "status", "title", "description", "photo_asset", "photo_metadata", "script", "language", "voice", "audio_asset", "raw_voice", "target_duration_s", "platforms", "render_settings", "enhanced_asset", "video_asset", "render_report", "kit_id", "quality_scores", "estimated_cost_usd", "actual_cost_usd", "cost_breakdown", "stage_timings", "providers_used", "error_code", "error_message", "created_at", "updated_at", "started_at", "completed_at") SELECT "seq", "id", "type", "status", "title", "description", "photo_asset", "photo_metadata", "script", "language", "voice", "audio_asset", "raw_voice", "target_duration_s", "platforms", "render_settings", "enhanced_asset", "video_asset", "render_report", "kit_id", "quality_scores", "estimated_cost_usd", "actual_cost_usd", "cost_breakdown", "stage_timings", "providers_used", "error_code", "error_message", "created_at", "updated_at", "started_at", "completed_at" FROM `projects`;--> statement-breakpoint
DROP TABLE `projects`;--> statement-breakpoint
ALTER TABLE `__new_projects` RENAME TO `projects`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `projects_id_unique` ON `projects` (`id`);--> statement-breakpoint
CREATE INDEX `projects_created` ON `projects` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `projects_updated` ON `projects` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `projects_title` ON `projects` ("title" COLLATE NOCASE,`id`);--> statement-breakpoint
CREATE INDEX `projects_status` ON `projects` (`status`);--> statement-breakpoint
CREATE INDEX `projects_type` ON `projects` (`type`);--> statement-breakpoint
CREATE INDEX `projects_photo_asset` ON `projects` (`photo_asset`);--> statement-breakpoint
CREATE INDEX `projects_audio_asset` ON `projects` (`audio_asset`);--> statement-breakpoint
CREATE INDEX `projects_enhanced_asset` ON `projects` (`enhanced_asset`);--> statement-breakpoint
CREATE INDEX `projects_video_asset` ON `projects` (`video_asset`);
--> statement-breakpoint
-- Older projects: a stored 10 s was the default in nearly every case (the Create form and
-- tp render sent a target only when one was set, and a creator's own 10 s cannot be told
-- from it), and no render reads the stored target, so 10 s becomes "no target".
UPDATE `projects` SET `target_duration_s` = NULL WHERE `target_duration_s` = 10;
--> statement-breakpoint
-- The copy dropped drizzle/0001_project_search.sql's triggers with the old table: the same
-- three again. The index itself is keyed by `seq`, which the copy kept, so it stays valid.
CREATE TRIGGER `project_search_insert` AFTER INSERT ON `projects` BEGIN
	INSERT INTO `project_search`(`rowid`, `title`, `script`, `description`)
	VALUES (new.`seq`, new.`title`, new.`script`, new.`description`);
END;
--> statement-breakpoint
CREATE TRIGGER `project_search_delete` AFTER DELETE ON `projects` BEGIN
	INSERT INTO `project_search`(`project_search`, `rowid`, `title`, `script`, `description`)
	VALUES ('delete', old.`seq`, old.`title`, old.`script`, old.`description`);
END;
--> statement-breakpoint
CREATE TRIGGER `project_search_update` AFTER UPDATE OF `title`, `script`, `description` ON `projects` BEGIN
	INSERT INTO `project_search`(`project_search`, `rowid`, `title`, `script`, `description`)
	VALUES ('delete', old.`seq`, old.`title`, old.`script`, old.`description`);
	INSERT INTO `project_search`(`rowid`, `title`, `script`, `description`)
	VALUES (new.`seq`, new.`title`, new.`script`, new.`description`);
END;
