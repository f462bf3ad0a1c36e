// The exchanges this build speaks. Each folder exports its ExchangeModule from index.ts.
import { coinking } from './coinking';
import type { ExchangeModule } from './exchange';
import { itick } from './itick';

export const EXCHANGE_MODULES: ExchangeModule[] = [itick, coinking];
