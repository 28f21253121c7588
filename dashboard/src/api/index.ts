export { type Api, apiUrl, createHttpApi, type HttpApiOptions } from './client';
export { ApiProvider, useApi } from './context';
export { ApiError, errorMessage, isAbort } from './error';
export type * from './types';
export { APPROVAL_STATES, OVERLAP_POLICIES, WAIT_KINDS, WORKFLOW_STATES } from './types';
