// The exchanges this build speaks. Each folder exports its adapter module from index.ts; demo mode
// adds the matching simulator (demo/servers.ts), so adapters never import simulators.
import { coinking } from './coinking';
import { cryptomus } from './cryptomus';
import { DEMO_SERVERS } from './demo/servers';
import type { AdapterModule, ExchangeModule } from './exchange-adapter';
import { itick } from './itick';

const withDemo = (module: AdapterModule): ExchangeModule => ({ ...module, startDemo: DEMO_SERVERS[module.exchange] });

export const EXCHANGE_MODULES: ExchangeModule[] = [cryptomus, itick, coinking].map(withDemo);
