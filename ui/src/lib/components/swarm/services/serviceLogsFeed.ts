// The log viewer's source for a service (`docker service logs`): the viewer asks in its own
// terms (a LogsRequest naming ids), and this turns that into the service's request. The engine
// merges the lines of all the service's tasks; it has no "page before a time" for services, so
// "Load older" says to read more lines instead.
import type { LogLine, LogsMessage, LogsRequest, StreamHandle } from '$lib/ipc/client';
import type { LogsFeed } from '$lib/stores/logs.svelte';
import type { ServiceLogsRequest } from './api';

/** The calls the feed makes (the `services` IPC area, or a test's fake). */
export interface ServiceLogsApi {
  /** `taskIds` empty: the tasks the service has when the stream opens. */
  logs(
    request: ServiceLogsRequest,
    taskIds: string[],
    on: (m: LogsMessage) => void,
  ): Promise<StreamHandle>;
  logsCommand(name: string, request: ServiceLogsRequest): Promise<string>;
}

/** A service's request from the viewer's: the first id is the service. Timestamps are always
 *  asked for: the viewer sorts and pages by them. */
export function serviceRequest(r: LogsRequest): ServiceLogsRequest {
  return {
    id: r.ids[0] ?? '',
    tail: r.tail,
    since: r.since,
    follow: r.follow,
    timestamps: true,
  };
}

export class OlderLinesUnavailable extends Error {
  constructor() {
    super(
      'a service’s log cannot be read a page at a time; ask for more lines (the tail) above instead',
    );
  }
}

export function serviceLogsFeed(api: ServiceLogsApi): LogsFeed {
  return {
    follow: (request, on) => api.logs(serviceRequest(request), [], on),
    page: async (): Promise<LogLine[]> => {
      throw new OlderLinesUnavailable();
    },
    command: (request) => {
      const r = serviceRequest(request);
      return api.logsCommand(r.id, r);
    },
  };
}
