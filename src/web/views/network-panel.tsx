import { DataTable } from '../components/data-table.js';
import { Load } from '../components/states.js';
import { useApi } from '../use-api.js';

/** A site's health as GET /api/network answers it (src/network/hub-state.ts). */
interface SiteHealth {
  site: string;
  status: 'ok' | 'behind' | 'silent' | 'attention';
  flags: string[];
  lagSeconds: number;
  pending: number | null;
  outbox: { messages: number; bytes: number; full: boolean } | null;
  lastAppliedAt: string | null;
  batches: number;
  rows: number;
  parked: number;
  skewSeconds: number | null;
  timezone: string | null;
}

const ago = (iso: string | null) => {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : new Date(iso).toLocaleString();
};

const COLUMNS = ['site', 'status', 'behind by', 'waiting at hub', 'waiting at site', 'last applied', 'batches', 'rows', 'parked', 'clock', 'time zone', 'needs a look'].map((key) => ({ key }));

/** The overview's panel: every site of the network, which is behind and by how much; nothing without a hub. */
export function NetworkHealth() {
  const network = useApi<{ sites: SiteHealth[] }>('/network');
  if (network.status === 'ready' && network.data.sites.length === 0) return null;
  return (
    <section className="panel">
      <h2>Network of sites</h2>
      <Load value={network} height={80}>
        {({ sites }) => (
          <DataTable name="network-health" columns={COLUMNS} rows={sites.map((s) => ({
            site: s.site, status: s.status, 'behind by': s.lagSeconds > 0 ? `${s.lagSeconds.toFixed(0)} s` : '—',
            'waiting at hub': s.pending ?? '?', 'waiting at site': s.outbox ? `${s.outbox.messages}${s.outbox.full ? ' (outbox full)' : ''}` : '?',
            'last applied': ago(s.lastAppliedAt), batches: s.batches, rows: s.rows, parked: s.parked,
            clock: s.skewSeconds === null ? '' : `${s.skewSeconds >= 0 ? '+' : ''}${s.skewSeconds.toFixed(0)} s`, 'time zone': s.timezone ?? '',
            'needs a look': s.flags.join('; '),
          }))} />
        )}
      </Load>
    </section>
  );
}
