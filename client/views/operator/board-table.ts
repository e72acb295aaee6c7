// The table panel both boards use: a titled section with a header row, whose body is replaced as a whole.
import { el } from '../dom';

export interface BoardColumn {
  heading: string;
  numeric?: boolean;
}

export interface BoardTable {
  element: HTMLElement;
  /** Rows, newest first; `emptyText` replaces them when there are none. */
  show(rows: HTMLTableRowElement[], emptyText: string): void;
}

export function createBoardTable(
  testId: string,
  title: (string | Node | null)[],
  columns: readonly BoardColumn[],
): BoardTable {
  const body = el('tbody');
  const head = columns.map((c) => el('th', { class: c.numeric ? 'num' : undefined }, c.heading));
  const element = el(
    'section',
    { class: 'panel', 'data-testid': testId },
    el('h2', {}, ...title),
    el('div', { class: 'table-scroll' }, el('table', {}, el('thead', {}, el('tr', {}, ...head)), body)),
  );
  return {
    element,
    show(rows, emptyText) {
      if (rows.length > 0) body.replaceChildren(...rows);
      else
        body.replaceChildren(
          el('tr', {}, el('td', { class: 'empty', colspan: String(columns.length) }, emptyText)),
        );
    },
  };
}
