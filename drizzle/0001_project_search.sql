-- Full-text search over what a creator remembers of a project: its title, script and
-- description. External-content FTS5 (the text is stored once, in `projects`), kept in
-- step by triggers. The trigram tokenizer matches any run of 3+ characters, so a partial
-- word ("runn") and scripts without spaces between words (ja, zh) are found too; shorter
-- terms are matched with LIKE by the query code.
CREATE VIRTUAL TABLE `project_search` USING fts5(
	`title`, `script`, `description`,
	content = 'projects', content_rowid = 'seq',
	tokenize = 'trigram remove_diacritics 1'
);
--> statement-breakpoint
-- Libraries created before this migration: index the projects they already hold.
INSERT INTO `project_search`(`project_search`) VALUES ('rebuild');
--> statement-breakpoint
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
-- Only text edits touch the index; the queue's frequent status updates do not.
CREATE TRIGGER `project_search_update` AFTER UPDATE OF `title`, `script`, `description` ON `projects` BEGIN
	INSERT INTO `project_search`(`project_search`, `rowid`, `title`, `script`, `description`)
	VALUES ('delete', old.`seq`, old.`title`, old.`script`, old.`description`);
	INSERT INTO `project_search`(`rowid`, `title`, `script`, `description`)
	VALUES (new.`seq`, new.`title`, new.`script`, new.`description`);
END;
