// How much of an order has filled, for the progress bar (a float is fine: it only sizes a bar).
import type { Order } from '../../../../shared/model';

export function fillRatio(order: Pick<Order, 'amount' | 'filled'>): number {
  const amount = Number(order.amount);
  const filled = Number(order.filled);
  if (!Number.isFinite(amount) || !Number.isFinite(filled) || amount <= 0) return 0;
  return Math.min(1, Math.max(0, filled / amount));
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.001 ? 2 : 1)}%`;
}
