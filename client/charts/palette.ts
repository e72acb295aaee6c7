// Chart colours (canvas cannot read CSS variables cheaply); chosen to stay apart for colour-blind readers
// and readable on the dark page background defined in styles.css.

export const palette = {
  axis: '#aab4c3',
  grid: 'rgba(170, 180, 195, 0.14)',
  inbound: '#56b4e9', // sky blue
  outbound: '#e69f00', // orange
  p50: '#56b4e9',
  p95: '#e69f00',
  sla: '#ff6b8b',
  loadRate: '#3ec99a',
  parcels: '#c39bff',
} as const;
