// Tokens and request helpers for tests of a server with authentication on.
export const WRITE_TOKEN = 'write-0123456789abcdef-collector';
export const READ_TOKEN = 'read-0123456789abcdef-viewer';
export const OTHER_WRITE_TOKEN = 'write-fedcba9876543210-second';

/** The env of a server with one read and two write tokens. */
export const tokenEnv = {
  PORTPULSE_WRITE_TOKENS: `${WRITE_TOKEN},${OTHER_WRITE_TOKEN}`,
  PORTPULSE_READ_TOKENS: READ_TOKEN,
};

export const tokenHeader = (token: string) => ({ Authorization: `Token ${token}` });

let plates = 0;
/** A valid gate scan line (ms precision); each call is a distinct truck. */
export const scanLine = (t = Date.now() - 1000, extra = '') =>
  `gate_scan,site=hgh-xiasha,gate=g1,lane=l1,direction=in,subject=vehicle,result=released,rural=false${extra} plate="浙A${plates++}",badge="",processing_ms=4200i,parcels=120i ${t}`;
