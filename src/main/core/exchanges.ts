// The exchanges this build speaks. Each folder exports its ExchangeModule from index.ts.
import { coinking } from './coinking';
import { cryptomus } from './cryptomus';
import type { ExchangeModule } from './exchange';
import { itick } from './itick';

export const EXCHANGE_MODULES: ExchangeModule[] = [cryptomus, itick, coinking];
