// "Same pair, every venue": opens and closes the one venue comparison (market/venues.ts).
import type { ReplyOf, RequestOf } from '../../../shared/contract';
import type { CommandGroup, CoreContext } from '../core-context';
import { requireMarket } from './market';

export function venuesCommands(ctx: CoreContext): CommandGroup {
  async function compare(request: RequestOf<'venues.compare'>): Promise<ReplyOf<'venues.compare'>> {
    if (request === null) {
      ctx.venues.close();
      return null;
    }
    return ctx.venues.open(requireMarket(request.market));
  }
  return { 'venues.compare': (request) => compare(request) };
}
