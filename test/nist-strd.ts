import { readFileSync } from 'node:fs';
import { sharedData } from './support/shared-data.js';

/**
 * Readers of NIST StRD files (../shared/data/nist_strd): certified values from each file's
 * header and the data block, plus NIST's log relative error. Shared by the test/nist-*.test.ts
 * gates and scripts/validate-nist.ts, which prints the digits table of docs/validation.md.
 */

/** Univariate sets, in NIST's order. */
export const UNIVARIATE_SETS = ['PiDigits', 'Lottery', 'Lew', 'Mavro', 'Michelso', 'NumAcc1', 'NumAcc2', 'NumAcc3', 'NumAcc4'] as const;
/** One-way ANOVA sets. */
export const ANOVA_SETS = ['SiRstv', 'SmLs01', 'SmLs02', 'SmLs03', 'AtmWtAg', 'SmLs04', 'SmLs05', 'SmLs06', 'SmLs07', 'SmLs08', 'SmLs09'] as const;
/** Linear regression sets. */
export const REGRESSION_SETS = ['Norris', 'Pontius', 'NoInt1', 'NoInt2', 'Filip', 'Longley', 'Wampler1', 'Wampler2', 'Wampler3', 'Wampler4', 'Wampler5'] as const;

/**
 * NIST's log relative error: −log10(|x − c|/|c|), or −log10|x − c| when c = 0; capped at 15
 * (more digits than a double's 15–17 are noise), 15 when exact.
 */
export function lre(x: number, c: number): number {
  const err = Math.abs(x - c);
  if (err === 0) return 15;
  const v = c === 0 ? -Math.log10(err) : -Math.log10(err / Math.abs(c));
  return Math.max(0, Math.min(15, v));
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split(/\r?\n/);
}

const NUM = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A univariate set: data and certified mean, sd, lag-1 autocorrelation. */
export interface UnivariateSet {
  name: string;
  y: Float64Array;
  mean: number;
  sd: number;
  r1: number;
}

/** Reads a univariate set (NIST layout, or the `name = value` layout Commons Math gave Lew and Lottery). */
export function readUnivariate(name: string): UnivariateSet {
  const ls = lines(sharedData('nist_strd', 'univariate', `${name}.txt`));
  const grab = (re: RegExp): number => {
    for (const l of ls) {
      const m = re.exec(l);
      if (m) return Number(m[1]!.replace(/[dD]/, 'e'));
    }
    throw new Error(`${name}: certified value ${re} not found`);
  };
  const commons = ls.some((l) => /^mean\s*=/.test(l));
  const mean = commons ? grab(/^mean\s*=\s*(\S+)/) : grab(/Sample Mean\s+ybar:\s*(\S+)/);
  const sd = commons ? grab(/^standardDeviation\s*=\s*(\S+)/) : grab(/Sample Standard Deviation.*s:\s*(\S+)/);
  const r1 = commons ? grab(/^autocorrelationCoefficient\s*=\s*(\S+)/) : grab(/r\(1\):\s*(\S+)/);
  // Data: everything numeric after the data banner ('Data: Y' then dashes, or '# Data' then '####').
  const start = commons ? ls.findIndex((l) => /^#\s*Data\s*$/.test(l)) : ls.findIndex((l) => /^Data:\s*Y/.test(l));
  if (start < 0) throw new Error(`${name}: data banner not found`);
  const values: number[] = [];
  for (const l of ls.slice(start + 1)) {
    for (const tok of l.trim().split(/\s+/)) if (NUM.test(tok)) values.push(Number(tok));
  }
  return { name, y: Float64Array.from(values), mean, sd, r1 };
}

/** A one-way ANOVA set: responses with group labels and certified F, R², residual sd. */
export interface AnovaSet {
  name: string;
  /** Responses parsed straight to doubles. */
  y: Float64Array;
  /**
   * Responses minus `offset`, subtracted exactly in decimal before the one rounding to double
   * (see {@link exactShift}); ANOVA does not change under a shift.
   */
  yShifted: Float64Array;
  offset: string;
  groups: string[];
  f: number;
  rSquared: number;
  residualSd: number;
}

/** Reads a one-way ANOVA set. */
export function readAnova(name: string): AnovaSet {
  const ls = lines(sharedData('nist_strd', 'anova', `${name}.dat`));
  const between = ls.find((l) => /^Between/.test(l));
  const r2 = ls.find((l) => /Certified R-Squared/.test(l));
  const sdLine = ls.find((l) => /^\s+Standard Deviation\s+\S+/.test(l));
  if (!between || !r2 || !sdLine) throw new Error(`${name}: certified values not found`);
  const f = Number(between.trim().split(/\s+/).at(-1));
  const rSquared = Number(r2.trim().split(/\s+/).at(-1));
  const residualSd = Number(sdLine.trim().split(/\s+/).at(-1));
  const start = ls.findIndex((l) => /^Data:\s+\S+\s+\S+\s*$/.test(l) && !/Factor/.test(l));
  const tokens: string[] = [];
  const groups: string[] = [];
  for (const l of ls.slice(start + 1)) {
    const t = l.trim().split(/\s+/);
    if (t.length === 2 && NUM.test(t[0]!) && NUM.test(t[1]!)) {
      groups.push(t[0]!);
      tokens.push(t[1]!);
    }
  }
  const { values, offset } = exactShift(tokens);
  return { name, y: Float64Array.from(tokens, Number), yShifted: values, offset, groups, f, rSquared, residualSd };
}

/** A linear regression set: columns, model and certified values. */
export interface RegressionSet {
  name: string;
  y: Float64Array;
  /** Predictor columns as given in the file (x1…xk). */
  x: Float64Array[];
  /** 'polynomial' (one x, degree = number of B − 1, or B1·x without intercept) or 'linear' (Longley). */
  model: { kind: 'polynomial'; degree: number; intercept: boolean } | { kind: 'linear' };
  coefficients: number[];
  standardErrors: number[];
  residualSd: number;
  rSquared: number;
}

/** Reads a linear regression set. */
export function readRegression(name: string): RegressionSet {
  const ls = lines(sharedData('nist_strd', 'linear_regression', `${name}.dat`));
  const coefficients: number[] = [];
  const standardErrors: number[] = [];
  const bNames: string[] = [];
  for (const l of ls) {
    const m = /^\s+(B\d+)\s+(\S+)\s+(\S+)\s*$/.exec(l);
    if (m && NUM.test(m[2]!) && NUM.test(m[3]!)) {
      bNames.push(m[1]!);
      coefficients.push(Number(m[2]));
      standardErrors.push(Number(m[3]));
    }
  }
  const after = (re: RegExp): number => {
    const l = ls.find((s) => re.test(s));
    if (!l) throw new Error(`${name}: ${re} not found`);
    return Number(l.trim().split(/\s+/).at(-1));
  };
  const residualSd = after(/^\s+Standard Deviation\s+\S+\s*$/);
  const rSquared = after(/^\s+R-Squared\s+\S+\s*$/);
  const dataAt = ls.findIndex((l) => /^Data:\s+y\s+x/.test(l));
  const rows: number[][] = [];
  for (const l of ls.slice(dataAt + 1)) {
    const t = l.trim().split(/\s+/);
    if (t.length >= 2 && t.every((s) => NUM.test(s))) rows.push(t.map(Number));
  }
  const width = rows[0]!.length;
  const y = Float64Array.from(rows, (r) => r[0]!);
  const x = Array.from({ length: width - 1 }, (_, j) => Float64Array.from(rows, (r) => r[j + 1]!));
  const intercept = bNames[0] === 'B0';
  const model: RegressionSet['model'] =
    x.length > 1 ? { kind: 'linear' } : { kind: 'polynomial', degree: intercept ? coefficients.length - 1 : coefficients.length, intercept };
  return { name, y, x, model, coefficients, standardErrors, residualSd, rSquared };
}

/**
 * Subtracts the integer part of the first value from every value exactly, in decimal (BigInt),
 * then rounds once to double. NIST SmLs07–09 hold values like 1000000000000.4 whose nearest
 * double is 1000000000000.4000244; shifting first keeps the 0.1-sized deviations exact.
 * Plain decimals only (no exponent), as the ANOVA files have.
 */
export function exactShift(tokens: readonly string[]): { values: Float64Array; offset: string } {
  const decimals = Math.max(0, ...tokens.map((t) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0)));
  const scaled = (t: string): bigint => {
    const [int, frac = ''] = t.split('.');
    const neg = int!.startsWith('-');
    const digits = BigInt((neg ? int!.slice(1) : int!.replace('+', '')) + frac.padEnd(decimals, '0'));
    return neg ? -digits : digits;
  };
  const first = tokens[0] ?? '0';
  const offsetInt = first.split('.')[0]!.replace('+', '');
  const offset = BigInt(offsetInt) * 10n ** BigInt(decimals);
  const unit = 10 ** decimals;
  return { values: Float64Array.from(tokens, (t) => Number(scaled(t) - offset) / unit), offset: offsetInt };
}
