// A rule's condition in words, in the user's language.
import type { ExchangeId, MarketId } from '../../../../shared/model';
import { parseMarketId } from '../../../../shared/model';
import type { AlertCondition } from '../../../../shared/alerts';
import { exchangeName, formatDecimal } from '../../format';
import { useI18n } from '../../i18n';

export function useConditionText(): (c: AlertCondition) => string {
  const { t } = useI18n();
  const pair = (m: MarketId) => {
    const r = parseMarketId(m);
    return r ? `${r.base}/${r.quote} (${exchangeName(r.exchange)})` : m;
  };
  const venue = (e: ExchangeId | null) => (e ? exchangeName(e) : t('alerts.conditions.anyExchange'));
  return (c) => {
    switch (c.kind) {
      case 'price_above':
      case 'price_below':
        return t(`alerts.conditions.${c.kind}`, { pair: pair(c.market), price: formatDecimal(c.price) });
      case 'move_pct':
        return t('alerts.conditions.move_pct', { pair: pair(c.market), pct: c.pct, minutes: c.windowMinutes });
      case 'order_filled':
        return t('alerts.conditions.order_filled', { exchange: venue(c.exchange) });
      case 'balance_change':
        return t('alerts.conditions.balance_change', { exchange: venue(c.exchange), asset: c.asset ?? t('alerts.conditions.anyAsset') });
      case 'connection_lost':
        return t('alerts.conditions.connection_lost', { exchange: exchangeName(c.exchange), seconds: c.seconds });
      case 'venue_gap': {
        const a = parseMarketId(c.a);
        const b = parseMarketId(c.b);
        return t('alerts.conditions.venue_gap', {
          pair: a ? `${a.base}/${a.quote}` : c.a,
          pct: c.pct,
          a: a ? exchangeName(a.exchange) : c.a,
          b: b ? exchangeName(b.exchange) : c.b,
        });
      }
    }
  };
}
