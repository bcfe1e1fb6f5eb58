import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';

/** Diagnostics: how each cloud provider with a key has been answering, and what it cost. */
export function ProviderHealth() {
  const { providers } = useStores();
  const data = useStore(providers, (s) => s.data);
  useEffect(() => void providers.getState().load(), [providers]);
  const rows = data?.providers.filter((p) => p.needsKey && p.callable && (p.key !== 'not set' || p.health.calls > 0)) ?? [];
  return (
    <section className="panel" aria-labelledby="diag-providers">
      <h2 id="diag-providers">Cloud providers</h2>
      {rows.length === 0 ? (
        <p className="hint">No cloud provider has a key: every video is made on this computer. Add keys in Settings, Providers.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Last calls</th>
                <th scope="col">Typical time</th>
                <th scope="col">State</th>
                <th scope="col">Spent, 30 days</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{row.name}</th>
                  <td>{row.health.calls === 0 ? 'none yet' : `${row.health.ok} of ${row.health.calls} worked`}</td>
                  <td>{row.health.medianLatencyMs === null ? '—' : `${(row.health.medianLatencyMs / 1000).toFixed(1)} s`}</td>
                  <td>{row.circuit === 'closed' ? 'Ready' : 'Paused after failures'}</td>
                  <td>${row.spent30dUsd.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (
        <p className="hint">
          Today ${data.todaySpentUsd.toFixed(2)} of the ${data.dailyCapUsd.toFixed(2)} daily cap.
        </p>
      )}
    </section>
  );
}
