/** How a specification and a pass/fail verdict read in tables. */

/** "95 – 105", "≥ 75", "≤ 15", or '' when no limit is stored. */
export function specText(lsl: number | null | undefined, usl: number | null | undefined): string {
  const n = (v: number) => String(Number(v.toPrecision(6)));
  if (lsl != null && usl != null) return `${n(lsl)} – ${n(usl)}`;
  if (lsl != null) return `≥ ${n(lsl)}`;
  if (usl != null) return `≤ ${n(usl)}`;
  return '';
}

/** A pass/fail mark that reads without colour too; "no spec" when nothing is stored. */
export function Verdict(props: { verdict: 'pass' | 'fail' | null | undefined }) {
  if (props.verdict === 'fail') return <span className="verdict fail">✗ fail</span>;
  if (props.verdict === 'pass') return <span className="verdict pass">✓ pass</span>;
  return <span className="muted">no spec</span>;
}
