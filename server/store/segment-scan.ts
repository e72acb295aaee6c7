// Reads a segment's block headers (jumping over bodies) to rebuild its metadata at start-up, and
// verifies checksums where asked: the last segment is always fully verified so a torn tail is found.
import type { FileHandle } from 'node:fs/promises';
import { type BlockHeader, decodeBlock, parseBlockHeader } from './log-block';

/** Where one block sits in its segment, so readers can seek instead of rescanning the file. */
export interface BlockRef {
  firstSeq: number;
  count: number;
  offset: number;
  end: number;
  minTimeMs: number;
  maxTimeMs: number;
}

export interface SegmentMeta {
  path: string;
  blocks: BlockRef[];
  firstSeq: number;
  /** 0 when the segment holds no block yet. */
  lastSeq: number;
  minTimeMs: number;
  maxTimeMs: number;
  /** Bytes of whole, intact blocks. */
  bytes: number;
}

const HEADER_PROBE = 160;

export interface ScanResult {
  meta: SegmentMeta;
  /** Set when the bytes after `meta.bytes` are not an intact block. */
  problem?: string;
  fileBytes: number;
}

export function addBlock(meta: SegmentMeta, h: BlockHeader, offset: number, end: number): void {
  meta.blocks.push({
    firstSeq: h.firstSeq,
    count: h.count,
    offset,
    end,
    minTimeMs: h.minTimeMs,
    maxTimeMs: h.maxTimeMs,
  });
  if (meta.lastSeq === 0) meta.firstSeq = h.firstSeq;
  meta.lastSeq = h.firstSeq + h.count - 1;
  meta.minTimeMs = Math.min(meta.minTimeMs, h.minTimeMs);
  meta.maxTimeMs = Math.max(meta.maxTimeMs, h.maxTimeMs);
  meta.bytes = end;
}

export async function scanSegment(
  fh: FileHandle,
  path: string,
  firstSeq: number,
  verify: boolean,
): Promise<ScanResult> {
  const { size } = await fh.stat();
  const meta: SegmentMeta = {
    path,
    blocks: [],
    firstSeq,
    lastSeq: 0,
    minTimeMs: Number.POSITIVE_INFINITY,
    maxTimeMs: Number.NEGATIVE_INFINITY,
    bytes: 0,
  };
  if (verify) {
    const buf = await fh.readFile();
    let offset = 0;
    for (;;) {
      const b = decodeBlock(buf, offset);
      if (b === undefined) return { meta, fileBytes: size };
      if ('error' in b) return { meta, problem: `${b.error} at byte ${offset}`, fileBytes: size };
      addBlock(meta, b.header, offset, b.end);
      offset = b.end;
    }
  }
  const probe = Buffer.alloc(HEADER_PROBE);
  let offset = 0;
  while (offset < size) {
    const { bytesRead } = await fh.read(probe, 0, HEADER_PROBE, offset);
    const nl = probe.subarray(0, bytesRead).indexOf(10);
    const headerOnly = nl < 0 ? undefined : parseBlockHeader(probe.toString('latin1', 0, nl));
    if (!headerOnly) return { meta, problem: `malformed block header at byte ${offset}`, fileBytes: size };
    const end = offset + nl + 1 + headerOnly.length;
    if (end > size) return { meta, problem: `block cut short at byte ${offset}`, fileBytes: size };
    addBlock(meta, headerOnly, offset, end);
    offset = end;
  }
  return { meta, fileBytes: size };
}
