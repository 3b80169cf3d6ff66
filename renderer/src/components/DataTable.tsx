import type { ReactNode } from 'react';

export interface DataRow {
  /** Rows are added and removed: their index is not an identity. */
  key: string | number;
  cells: ReactNode[];
}

/** A DSFR table whose rows keep their identity; the caption names it for screen readers at least. */
export function DataTable({
  caption,
  hideCaption = false,
  headers,
  rows,
  className,
}: {
  caption: string;
  hideCaption?: boolean;
  headers: ReactNode[];
  rows: DataRow[];
  className?: string;
}) {
  return (
    <div
      className={['fr-table fr-table--bordered app-table', hideCaption && 'fr-table--no-caption', className]
        .filter(Boolean)
        .join(' ')}
    >
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header, i) => (
              <th key={i} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
