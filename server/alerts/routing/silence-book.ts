// The silences in force: created and ended through the API, rebuilt from the history at start-up.
import { randomUUID } from 'node:crypto';
import { type Silence, type SilenceRequest, silenceMatches } from '../../../shared/alerting/silence';
import type { AlertLabels } from './route-match';

export class SilenceBook {
  private readonly silences = new Map<string, Silence>();

  /** Takes the newest state of a silence (history replay, or a change). */
  put(s: Silence): void {
    this.silences.set(s.id, s);
  }

  create(req: SilenceRequest, now: number): Silence {
    const endsAt = req.endsAt ?? now + req.durationMinutes! * 60_000;
    return {
      id: randomUUID(),
      matchers: req.matchers,
      startsAt: now,
      endsAt,
      reason: req.reason,
      createdBy: req.createdBy,
      endedAt: null,
    };
  }

  get(id: string): Silence | undefined {
    return this.silences.get(id);
  }

  isActive(s: Silence, now: number): boolean {
    return s.endedAt === null && s.startsAt <= now && now < s.endsAt;
  }

  /** Silences still in force, soonest ending first. */
  active(now: number): Silence[] {
    return [...this.silences.values()]
      .filter((s) => this.isActive(s, now))
      .sort((a, b) => a.endsAt - b.endsAt);
  }

  /** The silence that holds the alert now, if any. */
  silencing(l: AlertLabels, now: number): Silence | undefined {
    return this.active(now).find((s) => silenceMatches(s.matchers, l));
  }
}
