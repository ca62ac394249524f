import { DataTable } from '../components/data-table.js';
import { Load } from '../components/states.js';
import type { Route } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';
import { ApiKeys } from './keys.js';
import { SourcesAdmin } from './sources-panel.js';
import { UsersPanel } from './users-panel.js';

/** Admin: users and roles, everyone's API keys, live sources (admin), the audit trail (quality and admin). */
export function Admin(_props: { route: Route }) {
  const canUsers = useCan('users.manage');
  const canSources = useCan('sources.manage');
  return (
    <div className="page">
      <h1>Admin</h1>
      {canUsers ? <UsersPanel /> : null}
      {canUsers ? <ApiKeys all /> : null}
      {canSources ? <SourcesAdmin /> : null}
      <AuditTrail />
    </div>
  );
}

function AuditTrail() {
  const audit = useApi<{ entries: Record<string, unknown>[] }>('/audit', { limit: 500 });
  return (
    <section className="panel">
      <h2>Audit trail</h2>
      <Load value={audit}>
        {({ entries }) => (
          <DataTable
            name="audit-trail"
            rows={entries}
            columns={[{ key: 'recorded_at', label: 'when' }, { key: 'user_name', label: 'who' }, { key: 'action' }, { key: 'entity' }, { key: 'entity_key', label: 'key' }, { key: 'field' }, { key: 'old_value', label: 'old' }, { key: 'new_value', label: 'new' }, { key: 'reason', label: 'why' }]}
          />
        )}
      </Load>
    </section>
  );
}
