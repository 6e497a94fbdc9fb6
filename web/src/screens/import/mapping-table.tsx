import { useId } from 'react';

/**
 * Each column of the file with the Rapport field it goes to, as selects the user can change;
 * "Not imported" leaves a column out.
 */
export function MappingTable({
  header,
  fields,
  mapping,
  onChange,
}: {
  header: string[];
  fields: string[];
  mapping: Record<string, string | null>;
  onChange: (mapping: Record<string, string | null>) => void;
}) {
  const id = useId();
  const mapped = header.filter((h) => mapping[h]).length;
  return (
    <details className="mapping" open={header.length <= 30}>
      <summary>
        Column mapping <span className="muted">({mapped} of {header.length} columns imported)</span>
      </summary>
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
            return (
              <tr key={`${column}-${i}`} className={value ? undefined : 'mapping__unused'}>
                <th scope="row">
                  <label htmlFor={`${id}-${i}`}>{column || <span className="muted">(no name)</span>}</label>
                </th>
                <td>
                  <select id={`${id}-${i}`} value={value} onChange={(e) => onChange({ ...mapping, [column]: e.target.value || null })}>
                    <option value="">— Not imported —</option>
                    {fields.map((f) => (
                      <option key={f} value={f}>
                        {f}
                      </option>
                    ))}
                    {value && !fields.includes(value) && <option value={value}>{value}</option>}
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
