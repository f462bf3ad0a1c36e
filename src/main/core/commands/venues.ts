// "Same pair, every venue": opens and closes the one venue comparison (market/venues.ts).
import type { ReplyOf } from '../../../shared/contract';
import type { CommandGroup, CoreContext } from '../context';
import { requireMarket } from './market';

export function venuesCommands(ctx: CoreContext): CommandGroup {
  async function compare(request: unknown): Promise<ReplyOf<'venues.compare'>> {
    if (request === null || request === undefined) {
      ctx.venues.close();
      return null;
    }
    return ctx.venues.open(requireMarket((request as { market?: unknown }).market));
  }
  return { 'venues.compare': (request) => compare(request) };
}
