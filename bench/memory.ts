/**
 * Peak resident memory of one step of a benchmark. Linux keeps a process's high-water mark
 * (VmHWM in /proc/self/status) and lets the process reset it to the current size (writing 5 to
 * /proc/self/clear_refs), so each step's peak is its own, not the largest of every step before it
 * in the same process. Elsewhere the figure falls back to the process's maxRSS, which only grows.
 */
import { readFileSync, writeFileSync } from 'node:fs';

function hwmKb(): number | undefined {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}

/** Starts a step: resets the high-water mark where the system allows it. */
export function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    /* not Linux, or not allowed: the figure is the process's maxRSS */
  }
}

/** Peak resident memory since the last {@link resetPeak}, in MB. */
export function peakMB(): number {
  const kb = hwmKb() ?? process.resourceUsage().maxRSS;
  return Math.round(kb / 1024);
}
