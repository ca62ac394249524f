/**
 * The public surface of the open folder format: stage, import, export (re-exported by src/index.ts).
 */
export { stageFolder, dropStaged, folderFiles } from './stage-folder.js';
export { importStaged, type ImportOptions, type ImportReport, type FileCounts } from './import-staged.js';
export { importFolder, type ImportFolderOptions } from './import-folder.js';
export { exportFolder, type ExportFolderOptions } from './export-folder.js';
export { FOLDER_FILES, IMPORT_ORDER, type FolderFile, type Staged } from './folder-files.js';
export { storeInfo, listLots, listParameters, type StoreInfo, type LotFilter } from './browse.js';
export { exportStoreTable, storeTables, type ExportFormat } from './export-table.js';
