// Alert commands: the rules (list, save, delete), the in-app history, and pause.
// createCore wires it among the standard groups (create-core.ts); a test may pass its own through `commandGroups`.
import { CommandError } from '../../../shared/contract';
import { AlertService, type AlertServiceOptions } from '../alerts/service';
import type { CommandGroup, CoreContext } from '../core-context';
import type { AlertPersistence } from '../store/ports';
import { memoryStores } from '../store/ports';

export function alertsCommands(
  ctx: CoreContext,
  persistence: AlertPersistence = memoryStores().alerts,
  options: AlertServiceOptions = {},
): CommandGroup {
  const service = new AlertService(ctx, persistence, options);
  return {
    'alerts.list': () => service.list(),
    'alerts.save': (request) => service.save(request),
    'alerts.delete': ({ id }) => {
      if (!service.list().some((r) => r.id === id)) throw new CommandError('alerts.unknown');
      return service.delete(id);
    },
    'alerts.history': () => service.history(),
    'alerts.pause': ({ paused }) => {
      return { paused: service.setPaused(paused) };
    },
  };
}
