// uPlot plugin drawing a labelled horizontal target line (e.g. the 10 s customs SLA) across the plot area.
// The chart's root element carries the canvas row it was drawn on (data-sla-y), so a test can look at it.
import uPlot from 'uplot';

export function slaLinePlugin(value: number, label: string, color: string, fontPx = 12): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const px = uPlot.pxRatio;
          const y = Math.round(u.valToPos(value, 'y', true));
          const { left, top, width, height } = u.bbox;
          if (y < top || y > top + height) {
            delete u.root.dataset.slaY;
            return;
          }
          u.root.dataset.slaY = String(y);
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = color;
          ctx.lineWidth = 2 * px;
          ctx.setLineDash([8 * px, 5 * px]);
          ctx.beginPath();
          ctx.moveTo(left, y);
          ctx.lineTo(left + width, y);
          ctx.stroke();
          // Label on a backing box at the left (oldest) end: readable over crossing series, and never hiding
          // the newest points at the right.
          ctx.setLineDash([]);
          ctx.font = `600 ${fontPx * px}px system-ui, sans-serif`;
          const pad = 4 * px;
          const boxW = ctx.measureText(label).width + 2 * pad;
          const boxH = (fontPx + 4) * px;
          const boxY = Math.max(top, y - boxH - 3 * px);
          ctx.fillStyle = 'rgba(23, 30, 40, 0.9)';
          const boxX = left + 6 * px;
          ctx.fillRect(boxX, boxY, boxW, boxH);
          ctx.fillStyle = color;
          ctx.textAlign = 'left'; // uPlot leaves its axis text alignment on the shared context
          ctx.textBaseline = 'middle';
          ctx.fillText(label, boxX + pad, boxY + boxH / 2);
          ctx.restore();
        },
      ],
    },
  };
}
