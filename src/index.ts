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
export { mean, variance, sd, lag1Autocorrelation, skewness, kurtosis, mad, extent } from './stats/descriptive.js';
export { describe, type Description, type DescribeOptions } from './stats/describe.js';
export { quantiles, quantileSorted, median, sortedCopy, type QuantileType } from './stats/quantile.js';
export { normal, studentT, chiSquare, fisherF, type Distribution } from './stats/distributions.js';
export { studentizedRange } from './stats/studentized-range.js';
export { ols, type OlsFit, type OlsOptions } from './stats/ols.js';
export { polyfit } from './stats/polyfit.js';
export { oneWayAnova, welchAnova, type AnovaResult, type WelchAnovaResult } from './stats/anova.js';
export { tukeyHsd, type TukeyPair } from './stats/tukey-hsd.js';
export { kruskalWallis, type KruskalWallisResult } from './stats/kruskal-wallis.js';
export { levene, type LeveneResult } from './stats/levene.js';
export { welchTTest, tost, type WelchTResult, type TostResult } from './stats/t-test.js';
export { mannWhitney, type MannWhitneyResult } from './stats/mann-whitney.js';
export { pearson, spearman, type CorrelationResult } from './stats/correlation.js';
export { chiSquareIndependence, fisherExact, type ChiSquareResult, type FisherResult } from './stats/contingency.js';
export { benjaminiHochberg } from './stats/multiple-testing.js';
export { averageRanks } from './stats/ranks.js';
export { splitGroups, type Grouped } from './stats/groups.js';
export { neumaierSum, neumaierDot } from './stats/sum.js';
export { compareGroups, type CompareOptions, type GroupComparison, type GroupSummary, type NamedTukeyPair, type NamedTost } from './compare/compare-groups.js';
export { compareParameter, type CompareParameterOptions, type ParameterComparison } from './compare/compare-parameter.js';
export { parameterValues, factorLabels, specificationAt, type ValueQuery, type ParameterValues } from './compare/parameter-values.js';
export { boxPlotSvg, type BoxInput, type BoxPlotOptions } from './compare/box-plot-svg.js';
export { isDone, type Outcome } from './compare/outcome.js';
