// Portfolio commands: the valued portfolio now, and its value over time.
// createCore wires it among the standard groups (create-core.ts); a test may pass its own through `commandGroups`.
import { CommandError } from '../../../shared/contract';
import type { CommandGroup, CoreContext } from '../core-context';
import { PortfolioService, type PortfolioOptions } from '../portfolio/valuation-service';

/** The longest span one `portfolio.history` call may ask for (a year of minute points is plenty). */
const MAX_SPAN_MS = 366 * 86_400_000;

export function portfolioCommands(ctx: CoreContext, options: PortfolioOptions = {}): CommandGroup {
  const service = new PortfolioService(ctx, options);
  return {
    'portfolio.get': () => service.view(),
    'portfolio.history': ({ from, to }) => {
      if (from > to) throw new CommandError('history.range');
      if (to - from > MAX_SPAN_MS) throw new CommandError('history.tooLong');
      return service.history(from, to);
    },
  };
}
