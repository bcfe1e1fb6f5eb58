ALTER TABLE `projects` ADD `render_settings` text;
--> statement-breakpoint
-- Projects already rendered keep what their latest render asked for (the plan's watermark
-- is decided again at each render, so it is not a setting of the project).
UPDATE `projects` SET `render_settings` = (
	SELECT json_remove(`jobs`.`request`, '$.watermark') FROM `jobs`
	WHERE `jobs`.`project_id` = `projects`.`id` ORDER BY `jobs`.`created_at` DESC LIMIT 1
);
