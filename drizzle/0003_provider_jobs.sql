CREATE TABLE `provider_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`capability` text NOT NULL,
	`files` text NOT NULL,
	`words` text,
	`created_at` integer NOT NULL,
	CONSTRAINT "provider_cache_capability" CHECK("provider_cache"."capability" IN ('image_enhancement', 'speech', 'video_generation'))
);
--> statement-breakpoint
CREATE INDEX `provider_cache_provider` ON `provider_cache` (`provider`);--> statement-breakpoint
CREATE TABLE `provider_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`job_id` text NOT NULL,
	`project_id` text,
	`capability` text NOT NULL,
	`request_hash` text NOT NULL,
	`state` text NOT NULL,
	`result_path` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "provider_jobs_state" CHECK("provider_jobs"."state" IN ('submitted', 'queued', 'running', 'done', 'failed', 'cancelled', 'timed_out')),
	CONSTRAINT "provider_jobs_capability" CHECK("provider_jobs"."capability" IN ('image_enhancement', 'speech', 'video_generation'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_jobs_job` ON `provider_jobs` (`provider`,`job_id`);--> statement-breakpoint
CREATE INDEX `provider_jobs_request` ON `provider_jobs` (`request_hash`,`provider`,`state`);