// The chosen site lives in the URL (?site=<id>), so a refresh or a shared link shows the same site.

export function siteFromUrl(): string | null {
  return new URLSearchParams(location.search).get('site');
}

export function writeSiteToUrl(site: string, mode: 'push' | 'replace'): void {
  const url = new URL(location.href);
  if (url.searchParams.get('site') === site) return;
  url.searchParams.set('site', site);
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}
