import { useState, type ReactNode } from 'react';
import { setParams } from '../router.js';
import { unknownName } from '../suggest.js';
import { useApi } from '../use-api.js';

/** The fields every analysis view shares: parameter, material, site, from, to — plus extra fields. */
export function ParamForm(props: { params: URLSearchParams; extra?: (draft: Record<string, string>, set: (k: string, v: string) => void) => ReactNode; fields?: string[] }) {
  const keys = ['parameter', 'material', 'site', 'from', 'to', ...(props.fields ?? [])];
  const [draft, setDraft] = useState<Record<string, string>>(Object.fromEntries(keys.map((k) => [k, props.params.get(k) ?? ''])));
  const set = (k: string, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const materials = useApi<{ materials: { material: string }[] }>('/materials');
  const parameters = useApi<{ parameters: { parameter: string; material: string }[] }>('/parameters', { material: draft.material || undefined });
  const sites = useApi<{ sites: { site: string }[] }>('/sites');
  const [problem, setProblem] = useState<string | null>(null);
  // Checked before sending: a parameter name that is not listed (features, "phase.signal.stat",
  // are checked by the server), and a date range that ends before it starts.
  const check = (): string | null => {
    const known = parameters.status === 'ready' ? [...new Set(parameters.data.parameters.map((x) => x.parameter))] : [];
    const name = draft.parameter?.trim() ?? '';
    if (!name) return 'Give a parameter (or a feature such as drying.product_temp.max).';
    if (known.length && !name.includes('.') && !known.includes(name)) return unknownName('parameter', name, known, draft.material ? ` for ${draft.material}` : '');
    if (draft.from && draft.to && draft.to < draft.from) return '“To” must not be before “From”.';
    return null;
  };
  return (
    <form className="panel form-row" noValidate onSubmit={(e) => { e.preventDefault(); const p = check(); setProblem(p); if (!p) setParams(draft); }}>
      <label>Material
        <select value={draft.material} onChange={(e) => set('material', e.target.value)}>
          <option value="">(choose)</option>
          {materials.status === 'ready' ? materials.data.materials.map((m) => <option key={m.material}>{m.material}</option>) : null}
        </select>
      </label>
      <label>Parameter or feature
        <input list="param-list" value={draft.parameter} onChange={(e) => set('parameter', e.target.value)} required placeholder="e.g. dissolution" />
        <datalist id="param-list">{parameters.status === 'ready' ? parameters.data.parameters.map((p) => <option key={p.material + p.parameter} value={p.parameter}>{p.material}</option>) : null}</datalist>
      </label>
      <label>Site
        <select value={draft.site} onChange={(e) => set('site', e.target.value)}>
          <option value="">all sites</option>
          {sites.status === 'ready' ? sites.data.sites.map((s) => <option key={s.site}>{s.site}</option>) : null}
        </select>
      </label>
      <label>From<input type="date" value={draft.from?.slice(0, 10) ?? ''} onChange={(e) => set('from', e.target.value)} /></label>
      <label>To<input type="date" value={draft.to?.slice(0, 10) ?? ''} onChange={(e) => set('to', e.target.value)} /></label>
      {props.extra?.(draft, set)}
      <button type="submit" className="primary">Show</button>
      {problem ? <p className="form-problem" role="alert">{problem}</p> : null}
    </form>
  );
}

/** The shared query of analysis views, from the URL. */
export function baseQuery(p: URLSearchParams, extra: string[] = []): Record<string, string | undefined> {
  return Object.fromEntries(['parameter', 'material', 'site', 'from', 'to', ...extra].map((k) => [k, p.get(k) || undefined]));
}
