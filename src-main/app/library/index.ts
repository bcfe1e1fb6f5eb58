/**
 * The local project library (SPEC §4, §6): one SQLite database and a folder of
 * content-addressed files in the app's data folder. Plain Node; never imports electron.
 */
export { APP_FOLDER_NAME, dataFolder, libraryPaths, type DataFolderContext, type LibraryPaths } from './data-folder.js';
export { openLibrary, type Library, type LibraryAccess, type OpenLibraryOptions } from './open-library.js';
export { claimLibrary, type ClaimedLibrary, type ClaimLibraryOptions } from './claim-library.js';
export { acquireLibraryLease, readHolder, LIBRARY_HOLDERS, type LibraryHolder, type LibraryHolderKind, type LibraryLease } from './library-lease.js';
export { dataFolderProblem } from './data-folder-errors.js';
export { restoreLibrary } from './library-damage.js';
export { assetFile, importAsset, sweepStrayFiles, type AssetRef, type DerivedKind } from './assets.js';
export { DERIVED_SIZES, derivedImage, previewFor, projectImage, thumbnailFor, type DerivedImage } from './derived-images.js';
export {
  LIST_SORTS,
  NewProjectSchema,
  PlatformIdSchema,
  ProjectChangesSchema,
  ProjectQuerySchema,
  type ListSort,
  type NewProject,
  type ProjectChanges,
  type ProjectQuery,
  type ProviderUse,
  type QualityScores,
  type StageTimings,
} from './project-input.js';
export { getProject, type PhotoMetadata, type Project, type ProjectError, type ProjectSummary, type RenderSettings } from './project-record.js';
export { createProject, createProjectRecord, deleteProject, duplicateProject, updateProject, type Clock, type PhotoChoice, type ProjectRecordInput } from './projects.js';
export { listProjects, type ProjectPage } from './project-list.js';
export { importRender } from './render-import.js';
export { importKit } from './kit-import.js';
export { recordKit, NewKitSchema, type Kit, type KitFile, type NewKit } from './kits.js';
export { exportAllData, type ExportManifest, type ExportSummary } from './export-data.js';
export { deleteEverything } from './delete-everything.js';
export { allSettings, getSetting, setSetting } from './settings.js';
export { ExportTemplateQuerySchema, listExportTemplates, syncExportTemplates, type ExportTemplateQuery, type ExportTemplateRecord, type ExportTemplateSync } from './export-templates.js';
export { JOB_STATES, PROJECT_STATUSES, type JobState, type ProjectStatus } from './schema.js';
export { libraryFolder, libraryLocation, requestLibraryMove, type LibraryLocationState } from './library-location.js';
export { applyPendingMove } from './library-move.js';
export { readPreferences, writePreferences } from './preferences.js';
export { kitFolderName, saveKitFolder } from './kit-folder.js';
export { LibraryProviderLedger } from './provider-ledger.js';
