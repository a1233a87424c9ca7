export { PROPAGATED_HEADERS, runWithContext, currentContext, type RequestContext } from './context.js';
export { DEADLINE_HEADER, callerGivesUpAt, deadlinePassed, assertBeforeDeadline } from './deadline.js';
