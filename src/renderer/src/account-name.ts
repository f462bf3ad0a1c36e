// How an account is named on screen: a sub-account beside its exchange ("CoinKing · Sub 1"), the
// main account by its exchange alone (most users have only that one).
import { MAIN_ACCOUNT } from '../../shared/accounts';
import type { ExchangeId } from '../../shared/model';
import { exchangeName } from './format';

export function accountName(record: { exchange: ExchangeId; account?: string }): string {
  const account = record.account ?? MAIN_ACCOUNT;
  return account === MAIN_ACCOUNT ? exchangeName(record.exchange) : `${exchangeName(record.exchange)} · ${account}`;
}
