// Which URL a node lists as a peer in `hello` when PORTPULSE_NODE_PUBLIC_URL is not set: its listening URL,
// unless that is a wildcard address (0.0.0.0, ::), which is where the node listens, not where a browser reaches
// it; then none (clients reconnect through the balancer only).
export function advertisedUrl(listeningUrl: string): string | undefined {
  const host = new URL(listeningUrl).hostname;
  return host === '0.0.0.0' || host === '[::]' ? undefined : listeningUrl;
}
