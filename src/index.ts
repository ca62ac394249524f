/**
 * causeway's public programmatic API. The CLI, the HTTP server and the web workbench call
 * only what is exported here.
 */
export { AppError, isAppError, type InputIssue } from './core/errors.js';
export { silentLogger, type Logger } from './core/logger.js';
export { Store, defaultUser, resolveStorePath, type Actor, type StoreOptions } from './store/store.js';
export { audit, readAudit, type AuditEntry } from './store/audit.js';
export { samplesInContextSql, phasesSql, createContextView, phasePrefix, type ContextSqlOptions } from './context/phases.js';
export { refreshFeatures, listFeatures, type Feature, type FeatureFilter, type FeatureSourceKind, type RefreshOptions, type RefreshResult } from './context/features.js';
export { trend, type TrendOptions, type TrendResult, type TrendSeries } from './context/trend.js';
export { overlay, type OverlayOptions, type OverlayResult } from './context/overlay.js';
export { stageFolder, importStaged, importFolder, exportFolder, type ImportOptions, type ImportReport, type FileCounts, type ImportFolderOptions, type ExportFolderOptions } from './ingest/folder-api.js';
export { upstream, downstream, type Closure, type ClosureOptions, type GenealogyLot, type GenealogyPath } from './context/genealogy.js';
export { genealogyGraph, type GenealogyGraph, type GenealogyNode, type GenealogyEdge } from './context/genealogy-graph.js';
export { buildAnalysisSet } from './context/analysis-set.js';
export { CARRY_RULES, isCarryRule, isNumericColumn, type AnalysisSet, type AnalysisSetOptions, type AnalysisColumn, type NumericColumn, type TimeColumn, type FactorColumn, type ColumnOrigin, type CarryRule, type FactorKind, type IncludeOptions } from './context/analysis-set-types.js';
export { writeTable, analysisSetTable, TABLE_FORMATS, type ColumnarTable, type TableColumn, type TableFormat } from './context/export-table.js';
export { defineFeature, type FeatureDefinition, type DefineResult } from './context/features-define.js';
