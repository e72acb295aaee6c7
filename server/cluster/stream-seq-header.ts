// Cluster mode: every response names the node that answered (X-Portpulse-Node) and the stream seq its state
// reflects (X-Portpulse-Stream-Seq), so operators and tests can compare nodes. A read reflects at least the seq
// taken before it ran; a write's seq is taken after it, once this node applied it.
import type { MiddlewareHandler } from 'hono';

export const NODE_HEADER = 'X-Portpulse-Node';
export const STREAM_SEQ_HEADER = 'X-Portpulse-Stream-Seq';

export function streamSeqHeader(cluster: { nodeId: string; appliedSeq(): number }): MiddlewareHandler {
  return async (c, next) => {
    const before = cluster.appliedSeq();
    await next();
    const seq = c.req.method === 'GET' || c.req.method === 'HEAD' ? before : cluster.appliedSeq();
    c.header(NODE_HEADER, cluster.nodeId);
    c.header(STREAM_SEQ_HEADER, String(seq));
  };
}
