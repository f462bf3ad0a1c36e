// The core's notices to the user: one board, bounded, with a stable id per cause, so a fault that
// repeats every second is one notice with a count rather than a flood.
import type { CodeParams, Notice, NoticeLevel } from '../../shared/notices';
import type { ExchangeId, MarketId } from '../../shared/model';

const MAX_NOTICES = 50;

export interface PostNotice {
  /** Stable per cause (e.g. "storage:deals"); defaults to the code. */
  id?: string;
  level: NoticeLevel;
  code: string;
  params?: CodeParams;
  exchange?: ExchangeId;
  market?: MarketId;
}

export class NoticeBoard {
  private readonly notices = new Map<string, Notice>();

  constructor(
    private readonly now: () => number,
    private readonly publish: (notice: Notice) => void,
  ) {}

  post(input: PostNotice): Notice {
    const id = input.id ?? input.code;
    const earlier = this.notices.get(id);
    const notice: Notice = {
      id,
      level: input.level,
      at: this.now(),
      message: input.params ? { code: input.code, params: input.params } : { code: input.code },
      count: (earlier?.count ?? 0) + 1,
      ...(input.exchange ? { exchange: input.exchange } : {}),
      ...(input.market ? { market: input.market } : {}),
    };
    this.notices.delete(id); // re-inserted last: the map keeps posting order
    this.notices.set(id, notice);
    while (this.notices.size > MAX_NOTICES) this.notices.delete(this.notices.keys().next().value!);
    this.publish(notice);
    return notice;
  }

  /** Withdraws a notice whose cause has passed (e.g. storage writes succeed again). */
  clear(id: string): void {
    this.notices.delete(id);
  }

  /** Newest first. */
  list(): Notice[] {
    return [...this.notices.values()].reverse();
  }
}
