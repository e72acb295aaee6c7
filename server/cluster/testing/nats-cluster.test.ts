// The failure report of the NATS test cluster: every broker's log tail, under its name.
import { describe, expect, it } from 'vitest';
import { brokerLogTails } from './nats-cluster';

describe('brokerLogTails', () => {
  it('gives the last lines of every broker, each under its name and port, and says when one wrote nothing', () => {
    const log = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const text = brokerLogTails(
      [
        { name: 'n1', clientPort: 4001, output: () => `${log}\n` },
        { name: 'n2', clientPort: 4002, output: () => '' },
      ],
      3,
    );
    expect(text).toBe(
      [
        '--- n1 (client port 4001), last 3 log lines ---',
        'line 47',
        'line 48',
        'line 49',
        '--- n2 (client port 4002), last 3 log lines ---',
        '(no output)',
      ].join('\n'),
    );
  });
});
