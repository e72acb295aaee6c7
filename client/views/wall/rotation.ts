// The wall's pages: one per site, then the index summary when the index API answers; with ?rotate=<s> the
// wall moves to the next page every s seconds, otherwise it stays on the URL's site.
export type WallPage = { kind: 'site'; site: string } | { kind: 'indices' };

export function wallPages(siteIds: readonly string[], withIndices: boolean): WallPage[] {
  const pages: WallPage[] = siteIds.map((site) => ({ kind: 'site', site }));
  if (withIndices) pages.push({ kind: 'indices' });
  return pages;
}

/** Index of the first page to show: the URL's site when it is one, else the first page. */
export function startPage(pages: readonly WallPage[], urlSite: string | null): number {
  const i = pages.findIndex((p) => p.kind === 'site' && p.site === urlSite);
  return Math.max(0, i);
}
