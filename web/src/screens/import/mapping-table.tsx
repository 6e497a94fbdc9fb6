import { useId, useState } from 'react';
import type { ImportKind } from '../../api/types';
import { KIND_LABELS, fieldLabel } from './labels';

/**
 * Each column of the file with the Rapport field it goes to, as selects the user can change;
 * "Not imported" leaves a column out. Fields are labelled as people call them and grouped by what
 * the rows become: once that is known only its fields are offered (a field of another kind would
 * only make the mapping fail), unless the user asks for every kind.
 */
export function MappingTable({
  header,
  kind,
  fieldsByKind,
  mapping,
  onChange,
}: {
  header: string[];
  kind: ImportKind | null;
  fieldsByKind: Record<string, string[]>;
  mapping: Record<string, string | null>;
  /** The new mapping, and the kind of the field just chosen (the group it was picked from). */
  onChange: (mapping: Record<string, string | null>, kind: ImportKind | undefined) => void;
}) {
  const id = useId();
  const [everyKind, setEveryKind] = useState(false);
  const mapped = header.filter((h) => mapping[h]).length;
  const kinds = (Object.keys(KIND_LABELS) as ImportKind[]).filter((k) => (fieldsByKind[k]?.length ?? 0) > 0);
  const shown = kind && !everyKind ? [kind] : kinds;
  return (
    <details className="mapping" open={header.length <= 30}>
      <summary>
        Column mapping <span className="muted">({mapped} of {header.length} columns imported)</span>
      </summary>
      {kind && (
        <label className="mapping__every">
          <input type="checkbox" checked={everyKind} onChange={(e) => setEveryKind(e.target.checked)} /> Offer the fields of every record type
        </label>
      )}
      <table className="table mapping__table">
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">Rapport field</th>
          </tr>
        </thead>
        <tbody>
          {header.map((column, i) => {
            const value = mapping[column] ?? '';
            const offered = shown.some((k) => fieldsByKind[k]?.includes(value));
            return (
              <tr key={`${column}-${i}`} className={value ? undefined : 'mapping__unused'}>
                <th scope="row">
                  <label htmlFor={`${id}-${i}`}>{column || <span className="muted">(no name)</span>}</label>
                </th>
                <td>
                  <select
                    id={`${id}-${i}`}
                    value={value}
                    onChange={(e) => {
                      // The same key is a field of several kinds (`name`): the group it was picked from says which.
                      const picked = e.target.selectedOptions[0]?.dataset.kind as ImportKind | undefined;
                      onChange({ ...mapping, [column]: e.target.value || null }, e.target.value ? picked : undefined);
                    }}
                  >
                    <option value="">— Not imported —</option>
                    {shown.map((k) => (
                      <optgroup key={k} label={KIND_LABELS[k]}>
                        {(fieldsByKind[k] ?? []).map((f) => (
                          <option key={f} value={f} data-kind={k}>
                            {fieldLabel(k, f)}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                    {value && !offered && <option value={value}>{value}</option>}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
